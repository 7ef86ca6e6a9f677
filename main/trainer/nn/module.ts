// The module base class: a tree of named sub-modules, each owning trainable parameters and
// non-trainable buffers (BatchNorm running statistics) as tf.Variables, like torch.nn.Module.
import * as tf from '@tensorflow/tfjs-core';
import type { Parameter } from '../models/types';

export type ParamGroup = Parameter['group'];

interface OwnParam {
  name: string;
  variable: tf.Variable;
  decay: boolean;
}

interface OwnBuffer {
  name: string;
  variable: tf.Variable;
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

export abstract class Module {
  private readonly ownParams: OwnParam[] = [];
  private readonly ownBuffers: OwnBuffer[] = [];
  private readonly children: Array<{ name: string; module: Module }> = [];
  private paramGroup: ParamGroup = 'head';

  /** Learning-rate group of this module's own parameters ('head' unless set). */
  get group(): ParamGroup {
    return this.paramGroup;
  }

  /** Sets the learning-rate group of this module and every sub-module. */
  setGroup(group: ParamGroup): this {
    this.paramGroup = group;
    for (const child of this.children) child.module.setGroup(group);
    return this;
  }

  /**
   * Registers a trainable parameter. The module takes ownership of `initial` (it is disposed
   * once the variable holds its own reference to the data).
   */
  protected addParam(name: string, initial: tf.Tensor, decay: boolean): tf.Variable {
    this.checkName(name);
    const variable = tf.variable(initial, true);
    initial.dispose();
    this.ownParams.push({ name, variable, decay });
    return variable;
  }

  /** Registers a non-trainable state tensor (e.g. BatchNorm running statistics); takes ownership of `initial`. */
  protected addBuffer(name: string, initial: tf.Tensor): tf.Variable {
    this.checkName(name);
    const variable = tf.variable(initial, false);
    initial.dispose();
    this.ownBuffers.push({ name, variable });
    return variable;
  }

  /** Registers a sub-module under `name` (it keeps its own group; setGroup on a parent overrides it). */
  protected addModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    this.children.push({ name, module });
    return module;
  }

  private checkName(name: string): void {
    if (name === '' || name.includes('.')) throw new Error(`Invalid module member name "${name}"`);
    const taken =
      this.ownParams.some((p) => p.name === name) ||
      this.ownBuffers.some((b) => b.name === name) ||
      this.children.some((c) => c.name === name);
    if (taken) throw new Error(`Module member "${name}" registered twice`);
  }

  /** Every trainable parameter of this module tree, in registration order, with dotted names. */
  parameters(prefix = ''): Parameter[] {
    const out: Parameter[] = this.ownParams.map((p) => ({
      name: join(prefix, p.name),
      variable: p.variable,
      group: this.paramGroup,
      decay: p.decay,
    }));
    for (const child of this.children) out.push(...child.module.parameters(join(prefix, child.name)));
    return out;
  }

  /** Every variable (parameters and buffers) of this module tree, by stable dotted name. */
  state(prefix = ''): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    this.collectState(prefix, out);
    return out;
  }

  private collectState(prefix: string, out: Map<string, tf.Variable>): void {
    for (const p of this.ownParams) out.set(join(prefix, p.name), p.variable);
    for (const b of this.ownBuffers) out.set(join(prefix, b.name), b.variable);
    for (const child of this.children) child.module.collectState(join(prefix, child.name), out);
  }

  /** Disposes every variable of this module tree. */
  dispose(): void {
    for (const p of this.ownParams) p.variable.dispose();
    for (const b of this.ownBuffers) b.variable.dispose();
    for (const child of this.children) child.module.dispose();
  }
}

/** An indexed list of sub-modules, named "0", "1", ... like torch.nn.ModuleList / Sequential. */
export class ModuleList<M extends Module> extends Module {
  readonly items: M[] = [];

  constructor(items: M[] = []) {
    super();
    for (const item of items) this.push(item);
  }

  push(item: M): M {
    this.items.push(this.addModule(String(this.items.length), item));
    return item;
  }

  get length(): number {
    return this.items.length;
  }
}
