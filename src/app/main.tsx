/** Entry: wires the store, engine, camera loop and photo checker, then renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { CameraLoop } from './camera';
import { App } from './components/App';
import { ServicesContext, type Services } from './components/services';
import { Engine } from './engine';
import { PhotoChecker } from './photos';
import { kioskFromSearch } from './kioskUrl';
import { appStore } from './store';
import { probeBrowser } from './support';
import { supportIssues } from '../core/support';
import './fonts/noto-sans-kr.css';
import './styles.css';

const engine = new Engine(appStore, import.meta.env.BASE_URL);
const services: Services = {
  engine,
  camera: new CameraLoop(appStore, engine),
  photos: new PhotoChecker(appStore, engine),
};

// Say up front what this browser lacks (slow compute, no camera), before anyone waits for it.
appStore.getState().setSupportIssues(supportIssues(probeBrowser()));
void engine.start(appStore.getState().backendPref);

// `?kiosk` opens straight into kiosk mode, for a browser started in kiosk mode at a door (`?kiosk=0` does not).
if (kioskFromSearch(location.search)) appStore.getState().setKiosk(true);

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  registerSW({ immediate: true, onOfflineReady: () => appStore.getState().setOfflineReady(true) });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
