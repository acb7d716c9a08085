// Unit tests word errors as the app does once its error words have arrived.
import { loadErrorWords } from './vocab/labels';

await loadErrorWords();
