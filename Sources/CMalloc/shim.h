#ifndef OPENCHARGEBACK_CMALLOC_SHIM_H
#define OPENCHARGEBACK_CMALLOC_SHIM_H
/* mallopt and its parameters: glibc's <malloc.h>, which Swift's Glibc module does not import. */
#include <malloc.h>
#endif
