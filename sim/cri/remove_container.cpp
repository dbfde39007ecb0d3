#include "sim/cri/remove_container.h"

namespace plegsim::cri {

core::Task<Status> remove_container_and_log(Runtime& rt, ContainerId id) {
  auto st = co_await rt.container_status(id);
  if (!st.ok()) co_return st.status;
  co_return co_await rt.remove_container(id);
}

}  // namespace plegsim::cri
