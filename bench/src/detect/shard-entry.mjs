// Worker threads start without the parent's loader hooks on Node 20: register tsx, then the shard.
import { register } from 'tsx/esm/api';

register();
await import('./shard.ts');
