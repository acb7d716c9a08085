import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';
import { preload, spoken } from './i18n/catalogue';
import { appearance } from './theme/appearance.svelte';
import { loadErrorWords } from './vocab/labels';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

appearance.start();
spoken.subscribe((code) => {
  document.documentElement.lang = code;
});
// Words first, then the page: nobody sees English turn into their own language a moment later.
void preload().then(() => {
  mount(App, { target });
  void loadErrorWords().catch(() => {});
});
