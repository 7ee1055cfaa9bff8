// The worker tier's D1: the migrations applied before each test file (idempotent), as
// `npm start` applies them to the local database.
import { applyD1Migrations, env } from "cloudflare:test";

await applyD1Migrations(env.FEDIVERSE_DB!, env.TEST_MIGRATIONS);
