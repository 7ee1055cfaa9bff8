/**
 * The licences an article may carry, by SPDX id (https://spdx.org/licenses/), with what a
 * partner needs to honour them. A newsroom default applies when an article names none.
 */

export interface License {
  /** SPDX identifier, or a `LicenseRef-` for terms SPDX does not list. */
  spdx: string;
  name: string;
  /** Where the terms are. */
  url: string;
  /** Whether partners may republish under these terms (with attribution). */
  republishable: boolean;
}

const cc = (spdx: string, name: string, path: string): License => ({
  spdx,
  name,
  url: `https://creativecommons.org/${path}`,
  republishable: true,
});

export const LICENSES: Readonly<Record<string, License>> = {
  "CC-BY-4.0": cc("CC-BY-4.0", "Creative Commons Attribution 4.0 International", "licenses/by/4.0/"),
  "CC-BY-SA-4.0": cc("CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International", "licenses/by-sa/4.0/"),
  "CC-BY-ND-4.0": cc("CC-BY-ND-4.0", "Creative Commons Attribution-NoDerivatives 4.0 International", "licenses/by-nd/4.0/"),
  "CC-BY-NC-4.0": cc("CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0 International", "licenses/by-nc/4.0/"),
  "CC-BY-NC-ND-4.0": cc(
    "CC-BY-NC-ND-4.0",
    "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
    "licenses/by-nc-nd/4.0/",
  ),
  "CC-BY-NC-SA-4.0": cc(
    "CC-BY-NC-SA-4.0",
    "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
    "licenses/by-nc-sa/4.0/",
  ),
  "CC0-1.0": cc("CC0-1.0", "Creative Commons Zero v1.0 Universal", "publicdomain/zero/1.0/"),
};

/** The ids an editor may write in `license:`. */
export const LICENSE_IDS = Object.keys(LICENSES);

/** All rights reserved: no republication. Its terms are explained on the partners page. */
export function allRightsReserved(termsUrl: string): License {
  return { spdx: "LicenseRef-All-Rights-Reserved", name: "All rights reserved", url: termsUrl, republishable: false };
}
