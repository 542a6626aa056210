#pragma once
// Every built-in model, as one list (the command line and the tests iterate it).
#include "lincheck/models/bank.hpp"
#include "lincheck/models/cas_register.hpp"
#include "lincheck/models/counter.hpp"
#include "lincheck/models/kv.hpp"
#include "lincheck/models/queue.hpp"
#include "lincheck/models/register.hpp"
#include "lincheck/models/set.hpp"

namespace gauntlet::lincheck::models {

template <class... Ms>
struct model_list {};
using all = model_list<Register, CasRegister, Kv, Queue, Set, Counter, Bank>;

}  // namespace gauntlet::lincheck::models
