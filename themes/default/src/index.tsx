// The theme `@petamigos/theme` resolves to when `default` is active: its components, with its tokens.
import './components/index.js';
import './tokens.css';

export * from './components/index.js';
