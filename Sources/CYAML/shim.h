#ifndef EGPOLICY_CYAML_SHIM_H
#define EGPOLICY_CYAML_SHIM_H
#include <yaml.h>
#endif
