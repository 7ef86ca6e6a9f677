// The map methods, as in pytorch-grad-cam: a small base class that turns channel weights into a map,
// and one subclass per way of choosing the weights.
//   Grad-CAM   (Selvaraju et al. 2017): w_k = mean_ij ∂y_c/∂A_ij^k
//   Grad-CAM++ (Chattopadhay et al. 2018): w_k = Σ_ij α_ij^k · ReLU(∂y_c/∂A_ij^k), with
//              α = g² / (2g² + Σ_ij A^k · g³) (the closed form for an exponential score; pytorch-grad-cam's)
//   CAM        (Zhou et al. 2016): w_k = W[k, c], the classifier row, for a GAP + linear head: no backward pass
// Every method gives ReLU(Σ_k w_k A^k); normalising and upsampling are the explainer's job.
import * as tf from '@tensorflow/tfjs-core';
import { CAM_METHODS, type CamMethodName } from '../../../shared/gallery';

/** What a method may use to weigh the channels of one batch. */
export interface CamMethodInputs {
  /** Target-layer activations [B, h, w, K]. */
  activation: tf.Tensor4D;
  /** ∂(score of each image's class)/∂activation [B, h, w, K]; null for methods that need none. */
  gradients: tf.Tensor4D | null;
  /** The GAP + linear head's kernel columns of each image's class, [B, K] (closed-form CAM only). */
  classWeights: () => tf.Tensor2D;
}

export abstract class CamMethod {
  abstract readonly name: CamMethodName;
  /** Whether the method needs the gradient of the class score w.r.t. the activation. */
  abstract readonly usesGradients: boolean;
  /** Whether the method is only defined at a layer followed by GAP + linear (closed-form CAM). */
  readonly needsGapLinearLayer: boolean = false;

  /** Channel weights [B, K]. */
  protected abstract channelWeights(inputs: CamMethodInputs): tf.Tensor2D;

  /** The raw map ReLU(Σ_k w_k · A^k), [B, h, w] (not normalised). */
  map(inputs: CamMethodInputs): tf.Tensor3D {
    return tf.tidy(() => {
      const [b, , , k] = inputs.activation.shape;
      const weights = tf.reshape(this.channelWeights(inputs), [b, 1, 1, k]);
      return tf.relu(tf.sum(tf.mul(inputs.activation, weights), 3)) as tf.Tensor3D;
    });
  }

  protected requireGradients(inputs: CamMethodInputs): tf.Tensor4D {
    if (!inputs.gradients) throw new Error(`${this.name} needs the gradients of the class score`);
    return inputs.gradients;
  }
}

export class GradCam extends CamMethod {
  readonly name = 'gradcam' as const;
  readonly usesGradients = true;

  protected channelWeights(inputs: CamMethodInputs): tf.Tensor2D {
    return tf.mean(this.requireGradients(inputs), [1, 2]) as tf.Tensor2D;
  }
}

/** pytorch-grad-cam's eps in the α denominator. */
const GRADCAM_PP_EPS = 1e-7;

export class GradCamPlusPlus extends CamMethod {
  readonly name = 'gradcam++' as const;
  readonly usesGradients = true;

  protected channelWeights(inputs: CamMethodInputs): tf.Tensor2D {
    return tf.tidy(() => {
      const g = this.requireGradients(inputs);
      const g2 = tf.square(g);
      const g3 = tf.mul(g2, g);
      const activationSums = tf.sum(inputs.activation, [1, 2], true); // [B, 1, 1, K]
      const alpha = tf.div(g2, tf.add(tf.add(tf.mul(g2, 2), tf.mul(activationSums, g3)), GRADCAM_PP_EPS));
      // Where the gradient is exactly 0 the pixel contributes nothing (also guards 0/eps noise).
      const alphaWhereGradient = tf.where(tf.notEqual(g, 0), alpha, tf.zerosLike(alpha));
      return tf.sum(tf.mul(alphaWhereGradient, tf.relu(g)), [1, 2]) as tf.Tensor2D;
    });
  }
}

export class ClosedFormCam extends CamMethod {
  readonly name = 'cam' as const;
  readonly usesGradients = false;
  override readonly needsGapLinearLayer = true;

  protected channelWeights(inputs: CamMethodInputs): tf.Tensor2D {
    return inputs.classWeights();
  }
}

export function createCamMethod(name: CamMethodName): CamMethod {
  switch (name) {
    case 'gradcam':
      return new GradCam();
    case 'gradcam++':
      return new GradCamPlusPlus();
    case 'cam':
      return new ClosedFormCam();
    default:
      throw new Error(`Unknown CAM method "${String(name)}" (known: ${CAM_METHODS.join(', ')})`);
  }
}
