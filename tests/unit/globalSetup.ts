/** Fails the unit run up front when the shared face photos are missing (the photo tests never skip). */
import { assertSharedData } from '../helpers/data';

export default function setup(): void {
  assertSharedData();
}
