/**
 * Enterprise features. The composition root (`apps/meteor/server/createServer.ts`)
 * imports this module once; every patch and route here then checks the licence
 * per call (`ENTERPRISE`, every module by default), so a community-mode server
 * loads the same code and answers as Rocket.Chat CE.
 *
 * - Override community behaviour: `patches/<function>.ts` calls `.patch()` on a
 *   function the community made patchable with `makeFunction`, with the licence
 *   module as the condition.
 * - Add routes: `api/v1/<family>.ts` declares them on `API.v1` with
 *   `license: ['<module>']`; without the module they answer 404 `"404 Not Found"`
 *   as Rocket.Chat's licence middleware does.
 */
import './patches/getContactHistory';
import './patches/seedRolesAndPermissions';
import './api/v1/contacts';
