// Two scrapes of one kubelet at different times: what happened between them. Counters,
// histogram buckets and summaries' _sum/_count become differences; a summary's
// quantiles are the later scrape's (a pre-1.14 summary's quantiles cover its last 10
// minutes already) and the gauges the mean of the two. The interval's _sum difference is the time
// between the scrapes as the PLEG measured it, which turns counts into rates.
#pragma once

#include "sim/fit/kubelet_scrape.h"

namespace plegsim::fit {

// Throws ScrapeError when the two cannot be one kubelet's, in order: a counter or a
// bucket that went down (a restart between them), histogram bounds that differ, or no
// relist between them.
KubeletScrape scrape_difference(const KubeletScrape& earlier, const KubeletScrape& later);

}  // namespace plegsim::fit
