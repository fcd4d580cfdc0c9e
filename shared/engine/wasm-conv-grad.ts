/**
 * Conv2D gradient kernels for the wasm backend (tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter and a
 * scalar Conv2DBackpropInput). WORK IN PROGRESS: registration is added in the next commit.
 */

/** Registers fedcxr's Conv2DBackpropFilter / Conv2DBackpropInput kernels for the wasm backend (idempotent). */
export function registerWasmConvGradKernels(): void {
  // Filled in by the next commit.
}
