/// <reference lib="webworker" />
/**
 * The app's service worker (vite-plugin-pwa, injectManifest): precaches the
 * app, the WASM binaries and every model file (the list is injected at
 * build), answers every navigation with index.html so the app opens offline,
 * and adds the cross-origin isolation headers to what it serves (threads on
 * static hosts that cannot send them).
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withIsolationHeaders } from './isolationHeaders';

declare const self: ServiceWorkerGlobalScope;

// registerType 'autoUpdate': a new worker takes over at once.
void self.skipWaiting();
clientsClaim();

addPlugins([{ handlerWillRespond: async ({ response }) => withIsolationHeaders(response) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
