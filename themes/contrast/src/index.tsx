export * from '@petamigos/theme-default/components';
import './tokens.css';
