// Backbone registry: createBackbone(name, rng). Every backbone starts from a random He init
// (no ImageNet-pretrained weights exist offline) and its parameters are in group 'backbone'.
import { BACKBONE_NAMES, type BackboneName } from '../../../../shared/config';
import type { Rng } from '../../../../shared/random';
import type { Backbone } from './backbone';
import { MobileNetV2 } from './mobilenetv2';
import { blockExpansion, RESNET_SPECS, ResNet } from './resnet';

export { BACKBONE_NAMES };

export function createBackbone(name: BackboneName, rng: Rng): Backbone {
  let backbone: Backbone;
  if (name === 'mobilenetv2') backbone = new MobileNetV2(rng);
  else if (name in RESNET_SPECS) backbone = new ResNet(name, rng);
  else throw new Error(`Unknown backbone "${String(name)}" (known: ${BACKBONE_NAMES.join(', ')})`);
  return backbone.setGroup('backbone');
}

/** Channel counts of a backbone's conv4 / conv5 features, without building it. */
export function backboneChannels(name: BackboneName): { conv4Channels: number; conv5Channels: number } {
  if (name === 'mobilenetv2') return { conv4Channels: 96, conv5Channels: 1280 };
  const spec = RESNET_SPECS[name];
  if (!spec) throw new Error(`Unknown backbone "${String(name)}"`);
  const e = blockExpansion(spec.block);
  return { conv4Channels: spec.widths[2] * e, conv5Channels: spec.widths[3] * e };
}
