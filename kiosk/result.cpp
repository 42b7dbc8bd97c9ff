// Result is header-only; this unit keeps the kiosk library non-empty at the start.
#include "kiosk/result.h"
