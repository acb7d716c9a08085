import { mount } from 'svelte';
import App from './App.svelte';
import './styles/app.css';
import { appearance } from './theme/appearance.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

appearance.start();

export default mount(App, { target });
