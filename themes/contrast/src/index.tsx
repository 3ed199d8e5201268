// The high-contrast theme: the default theme's components (without its tokens) and our own tokens.
// Importing the components first puts their CSS before ours, so the tweaks in tokens.css win.
import '@petamigos/theme-default/components';
import './tokens.css';

export * from '@petamigos/theme-default/components';
