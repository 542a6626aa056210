#pragma once
// Every built-in model, as one list (the command line and the tests iterate it).
#include "verify/lincheck/models/bank.hpp"
#include "verify/lincheck/models/cas_register.hpp"
#include "verify/lincheck/models/counter.hpp"
#include "verify/lincheck/models/kv.hpp"
#include "verify/lincheck/models/multi_register.hpp"
#include "verify/lincheck/models/mutex.hpp"
#include "verify/lincheck/models/queue.hpp"
#include "verify/lincheck/models/register.hpp"
#include "verify/lincheck/models/set.hpp"
#include "verify/lincheck/models/unordered_queue.hpp"

namespace gauntlet::lincheck::models {

template <class... Ms>
struct model_list {};
using all = model_list<Register, CasRegister, Kv, Queue, Set, Counter, Bank, Mutex, MultiRegister, UnorderedQueue>;

}  // namespace gauntlet::lincheck::models
