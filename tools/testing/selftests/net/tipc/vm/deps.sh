#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the build and the VM harness need, if any
# is missing (checked with dpkg-query; apt-get update only then).
set -eu
. "$(dirname "$0")/lib.sh"

install_host_packages
