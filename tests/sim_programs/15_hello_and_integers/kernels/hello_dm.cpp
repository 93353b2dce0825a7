// Hello-world data-movement kernel: no includes, DPRINT and the logical core are implicit.
void kernel_main() {
  DPRINT << "hello from data movement on (" << (uint32_t)get_absolute_logical_x() << ","
         << (uint32_t)get_absolute_logical_y() << ")" << ENDL();
  DPRINT("format style {} + {}\n", 1u, 2u);
}
