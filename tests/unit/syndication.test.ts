// Rights and republication (src/render/syndication.ts): licences, rights statements,
// attribution and images, for a Creative Commons newsroom and an all-rights-reserved one.
import { describe, expect, it } from "vitest";
import {
  articleLicense,
  attribution,
  imageRepublishable,
  rightsStatement,
  siteLicense,
  syndicationImages,
} from "../../src/render/syndication.js";
import { makeArticle, makeSite } from "../helpers/fixtures.js";

const ccSite = makeSite(); // CC-BY-ND-4.0
const closedSite = makeSite({ license: "LicenseRef-Unknown" });
const ND = "Creative Commons Attribution-NoDerivatives 4.0 International";
const ND_URL = "https://creativecommons.org/licenses/by-nd/4.0/";

describe("licences", () => {
  it("gives the newsroom its configured licence, or all rights reserved with the partners page's terms", () => {
    expect(siteLicense(ccSite)).toEqual({ spdx: "CC-BY-ND-4.0", name: ND, url: ND_URL, republishable: true });
    expect(siteLicense(closedSite)).toEqual({
      spdx: "LicenseRef-All-Rights-Reserved",
      name: "All rights reserved",
      url: "https://news.example/partners#licence",
      republishable: false,
    });
  });

  it("gives an article its own known licence, else the newsroom's", () => {
    expect(articleLicense(closedSite, makeArticle({ license: "CC0-1.0" })).spdx).toBe("CC0-1.0");
    expect(articleLicense(ccSite, makeArticle()).spdx).toBe("CC-BY-ND-4.0");
    expect(articleLicense(ccSite, makeArticle({ license: "No-Such-Licence" })).spdx).toBe("CC-BY-ND-4.0");
  });
});

describe("rightsStatement", () => {
  it("names the newsroom and the licence, or reserves all rights", () => {
    expect(rightsStatement(ccSite, undefined)).toBe(`© Test Newsroom. Licensed under ${ND}: ${ND_URL}`);
    expect(rightsStatement(closedSite, undefined)).toBe("© Test Newsroom. All rights reserved.");
  });

  it("names the article's year of publication", () => {
    expect(rightsStatement(ccSite, makeArticle())).toBe(`© Test Newsroom, 2022. Licensed under ${ND}: ${ND_URL}`);
    expect(rightsStatement(closedSite, makeArticle())).toBe("© Test Newsroom, 2022. All rights reserved.");
    expect(rightsStatement(closedSite, makeArticle({ license: "CC-BY-4.0" }))).toBe(
      "© Test Newsroom, 2022. Licensed under Creative Commons Attribution 4.0 International: https://creativecommons.org/licenses/by/4.0/",
    );
  });
});

describe("attribution", () => {
  it("under a Creative Commons licence names the original and the licence, as text and HTML", () => {
    expect(attribution(ccSite, makeArticle())).toEqual({
      text: `This article was originally published by Test Newsroom at https://news.example/articles/first-story and is republished under ${ND} (${ND_URL}).`,
      html: `<p>This article was originally published by <a href="https://news.example/articles/first-story">Test Newsroom</a> and is republished under <a href="${ND_URL}" rel="license">${ND}</a>.</p>`,
    });
  });

  it("with all rights reserved names only the original", () => {
    expect(attribution(makeSite({ license: "x", name: "A & B" }), makeArticle())).toEqual({
      text: "This article was originally published by A & B at https://news.example/articles/first-story.",
      html: '<p>This article was originally published by <a href="https://news.example/articles/first-story">A &amp; B</a>.</p>',
    });
  });
});

describe("images", () => {
  const image = { src: "/images/a.jpg", alt: "Alt", width: 10, height: 20, caption: "Cap", credit: "Agency" };

  it("lets partners republish the lead image only when the editor said so and the licence allows it", () => {
    expect(imageRepublishable(ccSite, makeArticle({ image: { ...image, republishable: true } }))).toBe(true);
    expect(imageRepublishable(ccSite, makeArticle({ image }))).toBe(false);
    expect(imageRepublishable(closedSite, makeArticle({ image: { ...image, republishable: true } }))).toBe(false);
    expect(imageRepublishable(ccSite, makeArticle())).toBe(false);
  });

  it("describes the lead image with an absolute URL and the credit as printed", () => {
    expect(syndicationImages(ccSite, makeArticle({ image: { ...image, republishable: true } }))).toEqual([
      {
        url: "https://news.example/images/a.jpg",
        width: 10,
        height: 20,
        alt: "Alt",
        caption: "Cap",
        credit: "Photo: Agency",
        republishable: true,
      },
    ]);
  });

  it("leaves out what is not known, and has no images without a lead image", () => {
    expect(syndicationImages(ccSite, makeArticle({ image: { caption: "Cap" } }))).toEqual([{ caption: "Cap", republishable: false }]);
    expect(syndicationImages(ccSite, makeArticle())).toEqual([]);
  });
});
