/** The non-React controllers, handed to components through context. */
import { createContext, useContext } from 'react';
import type { CameraLoop } from '../camera';
import type { Engine } from '../engine';
import type { PhotoChecker } from '../photos';

export interface Services {
  engine: Engine;
  camera: CameraLoop;
  photos: PhotoChecker;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices needs a ServicesContext provider');
  return s;
}
