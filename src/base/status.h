// Forwarding header: Status and Result<T> are public (include/dyad/status.h).
#ifndef DYAD_BASE_STATUS_H_
#define DYAD_BASE_STATUS_H_
#include "dyad/status.h"
#endif  // DYAD_BASE_STATUS_H_
