// Dimension letters and storage order used by every op in the core.
// All matrices are row-major float: a batch of B examples with D features is [B, D],
// one example per row, features contiguous. A Linear weight is [O, C] (PyTorch's layout).
//   B batch, C input features, O output features, D pixels per image (H*W), H rows, W columns, Z code size.
#pragma once
#include "eigen.h"

namespace aelab {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::Matrix<float, 1, Eigen::Dynamic, Eigen::RowMajor>;
using MatMap = Eigen::Map<Mat>;
using ConstMatMap = Eigen::Map<const Mat>;
using VecMap = Eigen::Map<Vec>;
using ConstVecMap = Eigen::Map<const Vec>;
using MatRef = Eigen::Ref<Mat>;
using ConstMatRef = Eigen::Ref<const Mat>;
using VecRef = Eigen::Ref<Vec>;
using ConstVecRef = Eigen::Ref<const Vec>;

}  // namespace aelab
