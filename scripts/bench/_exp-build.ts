import { syntheticService } from "./synthetic-service.js";
const s = await syntheticService("startup-profile", Number(process.argv[2] ?? 2000));
console.log(s.script);
