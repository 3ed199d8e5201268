// One router for the app and every plugin: plugins import these from `@petamigos/web`, so links
// and route parameters work across plugin bundles (wouter keeps its state in React context).
export { Link, Redirect, Route, Router, Switch, useLocation, useParams, useRoute, useSearch, useSearchParams } from 'wouter';
export { navigate } from 'wouter/use-browser-location';
