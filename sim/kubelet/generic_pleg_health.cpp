// GenericPleg's health: updateRelistTime, Healthy() per release, and the timer that
// turns the PLEG unhealthy one nanosecond past the threshold without a relist.
#include "sim/kubelet/generic_pleg.h"

namespace plegsim::kubelet {

using core::format_duration;

void GenericPleg::update_relist_time(Time t) {
  relist_time_ = t;
  if (health_known_ && healthy_state_ && k_.now() - t <= cfg_.relist_threshold) {
    // Healthy and staying so (Healthy()'s test, without building its message).
    arm_health_timer();
    return;
  }
  HealthResult h = healthy();
  set_health(h.ok, h.message);
  arm_health_timer();
}

HealthResult GenericPleg::healthy() const {
  const Duration threshold = cfg_.relist_threshold;
  if (!relist_time_) {
    if (profile_.zero_time_health_check) return {false, "pleg has yet to be successful"};
    if (!cfg_.go_zero_time_clock) {
      // Before 1.14 a zero relist time is year 1: Go saturates the elapsed time.
      return {false, "pleg was last seen active " + format_duration(Duration::max()) +
                         " ago; threshold is " + format_duration(threshold)};
    }
  }
  // A never-set relist time is Go's zero time, t = 0 on a clock that starts there.
  Duration elapsed = k_.now() - relist_time_.value_or(Time{});
  if (elapsed > threshold) {
    return {false, "pleg was last seen active " + format_duration(elapsed) + " ago; threshold is " +
                       format_duration(threshold)};
  }
  return {true, ""};
}

std::optional<Time> GenericPleg::unhealthy_at() const {
  if (!relist_time_ && (profile_.zero_time_health_check || !cfg_.go_zero_time_clock)) {
    return std::nullopt;
  }
  return relist_time_.value_or(Time{}) + cfg_.relist_threshold + Duration{1};
}

void GenericPleg::set_health(bool ok, const std::string& message) {
  if (health_known_ && ok == healthy_state_) return;
  bool startup = !health_known_;
  health_known_ = true;
  healthy_state_ = ok;
  rec_->emit(HealthChanged{k_.now(), ok, message, startup});
}

void GenericPleg::arm_health_timer() {
  // Only while healthy: an unhealthy PLEG turns healthy when a relist time arrives,
  // which re-arms the timer.
  if (health_timer_armed_ || !relist_time_ || !healthy_state_) return;
  health_timer_armed_ = true;
  // Strict '>': still healthy at exactly the threshold, unhealthy one nanosecond later.
  k_.schedule(*relist_time_ + cfg_.relist_threshold + Duration{1}, &health_timer_cb, this,
              health_timer_epoch_);
}

void GenericPleg::health_timer_cb(void* ctx, std::uint64_t epoch) {
  auto& self = *static_cast<GenericPleg*>(ctx);
  if (epoch != self.health_timer_epoch_) return;  // superseded by update()
  self.health_timer_armed_ = false;
  HealthResult h = self.healthy();
  self.set_health(h.ok, h.message);
  if (h.ok) self.arm_health_timer();
}

}  // namespace plegsim::kubelet
