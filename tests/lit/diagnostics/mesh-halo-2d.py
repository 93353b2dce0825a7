# The halo exchange on a 2-D mesh (docs/multi-device.md, "Halo exchange"): the split by block
# offsets numbers the devices in snake order (2x2: (0,0), (0,1), (1,1), (1,0)), so the devices
# running adjacent block ranges are neighbours joined by Ethernet and each exchange is one
# fabric hop. The convolution's 4 blocks go one to each device; each device owns 4 image rows
# (one tile row each) and reads one row of each neighbour's, so the image is sharded by rows
# and exchanged instead of replicated. The host program places device d's window and program at
# split_device(d, 2).
# RUN: %tltt compile %examples/convolution.py --mesh 2x2 --remarks=work-partition -o %t 2>&1 | FileCheck %s
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# CHECK: convolution.py:33:17: remark: 'data' is not replicated over the mesh: device 0 owns pages [0, 4) and reads [0, 5); device 1 owns pages [4, 8) and reads [3, 9); device 2 owns pages [8, 12) and reads [7, 13); device 3 owns pages [12, 16) and reads [11, 16); each device holds 16 of the 16 pages
# HOST: const ccl::HaloPlan data_halo{{[{][{]}}0, 4, 8, 12, 16}, {0, 3, 7, 11}, {5, 9, 13, 16}, {0, 0, 0, 0}};
# HOST: halo_windows(tilize_nfaces(host, 512, 32), {{.*}}, data_halo.own, data_halo.window_first, 16, 2)
# HOST: ccl::halo_exchange(*mesh, data_buffer, data_halo,
# HOST: const distributed::MeshCoordinate coord = split_device(d, 2);
# HOST: distributed::ReadShard(cq, tiled, out_buffer, split_device(d, 2), true);
