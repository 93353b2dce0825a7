// Era-A include path of the data-movement kernel API.
#pragma once
#include "api/dataflow/dataflow_api.h"
