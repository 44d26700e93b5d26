// Linear layer ops (PyTorch nn.Linear): y = x·Wᵀ + b. Plain forward/backward over caller-owned
// buffers; the caller keeps x (the forward cache) for backward. No allocation inside.
#pragma once
#include "dims.h"
#include "rng.h"
#include "thread_pool.h"

namespace aelab {

// x [B,C], weight [O,C], bias [O] -> y [B,O] (overwritten).
void linear_forward(ThreadPool& pool, ConstMatRef x, ConstMatRef weight, ConstVecRef bias, MatRef y);

// dy [B,O], x [B,C] (forward input), weight [O,C]:
//   dx = dy·W (overwritten; skipped when dx has no rows), dweight += dyᵀ·x, dbias += Σ_b dy.
void linear_backward(ThreadPool& pool, ConstMatRef dy, ConstMatRef x, ConstMatRef weight, MatRef dx,
                     MatRef dweight, VecRef dbias);

// PyTorch's default init (kaiming_uniform with a=√5): W and b ~ U(-1/√C, 1/√C).
void linear_init(Rng& rng, MatRef weight, VecRef bias);

}  // namespace aelab
