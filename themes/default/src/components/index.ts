// The components of the default theme, without its tokens: another theme imports this entry
// (`@petamigos/theme-default/components`) and brings its own `tokens.css`.
import './base.css';
import './shell.css';
import './components.css';

export { Shell } from './Shell.js';
export { Button, Card } from './Button.js';
export { TextInput, TextArea, Select, Checkbox } from './fields.js';
export { Avatar } from './Avatar.js';
export { Modal } from './Modal.js';
export { ToastProvider, useToast } from './Toast.js';
export { Skeleton, Spinner, EmptyState, PageHeader, Badge, Alert } from './feedback.js';
export { Tabs } from './Tabs.js';
export { Stack, Row } from './layout.js';
