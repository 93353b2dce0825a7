// MeshEvent (tt-metalium/mesh_event.hpp); declared with the command queue that records it.
#pragma once
#include "tt-metalium/mesh_command_queue.hpp"
