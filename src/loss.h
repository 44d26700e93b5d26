// Reconstruction losses, each a forward (returns the loss) and a backward (writes dy).
// Both average over every element of the batch, as PyTorch's MSELoss/BCELoss (reduction='mean').
#pragma once
#include "dims.h"

namespace aelab {

// y, target [B,D]: L = Σ (y - t)² / (B·D)
float mse_forward(ConstMatRef y, ConstMatRef target);
// dy = 2 (y - t) / (B·D)   (overwritten)
void mse_backward(ConstMatRef y, ConstMatRef target, MatRef dy);

// L = -Σ [t·log y + (1-t)·log(1-y)] / (B·D), each log clamped at -100 as PyTorch does.
float bce_forward(ConstMatRef y, ConstMatRef target);
// dy = (y - t) / max(y (1 - y), 1e-12) / (B·D)   (PyTorch's BCELoss gradient)
void bce_backward(ConstMatRef y, ConstMatRef target, MatRef dy);

}  // namespace aelab
