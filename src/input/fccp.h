// The one include of fast-cpp-csv-parser (libfccp), built without its reader thread and with
// g++ 12's -Wstringop-truncation silenced for its strncpy (clang has no such warning). Include
// this, never <libfccp/csv.h>.
#pragma once

#include <limits>  // the Debian header needs it with CSV_IO_NO_THREAD

#ifndef CSV_IO_NO_THREAD
#define CSV_IO_NO_THREAD
#endif
#if defined(__GNUC__) && !defined(__clang__)  // clang has no such warning and would warn of that
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop
#else
#include <libfccp/csv.h>
#endif
