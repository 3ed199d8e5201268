export * from './components/index.js';
import './tokens.css';
