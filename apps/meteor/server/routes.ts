/** Every route module; importing one registers its routes with `API`. One line per module. */
import '../app/api/server/default/info';
import '../app/api/server/v1/settings';
import '../app/api/server/v1/auth';
import '../app/api/server/v1/users';
import '../app/api/server/v1/permissions';
import '../app/api/server/v1/roles';
import '../app/livechat/server/api/v1/users';
import '../app/livechat/server/api/v1/customField';
import '../app/livechat/server/api/v1/contact';
