// Every file of this language in one chunk, fetched once by people who read it.
import type { ComponentsJSON } from '@nanostores/i18n';

const files = import.meta.glob<ComponentsJSON>('./*.json', { eager: true, import: 'default' });

export default Object.assign({}, ...Object.values(files)) as ComponentsJSON;
