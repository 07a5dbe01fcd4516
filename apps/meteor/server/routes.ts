/** Every route module; importing one registers its routes with `API`. One line per module. */
import '../app/api/server/default/info';
import '../app/api/server/v1/settings';
