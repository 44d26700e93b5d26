// Always-on assertion for programmer errors (never for bad input, which returns an error).
#pragma once
#include <cstdio>
#include <cstdlib>

#define AELAB_CHECK(cond)                                                            \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)
