// Max pooling forward and backward over oneDNN on plain NHWC (pooling is memory-bound: no reorders).
#include <memory>
#include <unordered_map>

#include "common.hh"
#include "port.hh"

namespace fedcxr {

using namespace dnnl;

namespace {

struct PoolEntry {
  pooling_forward::primitive_desc fwd_pd;  // forward_training: produces the argmax workspace
  pooling_forward fwd;
  pooling_forward::primitive_desc inf_pd;  // forward_inference: no workspace
  pooling_forward inf;
  pooling_backward::primitive_desc bwd_pd;
  pooling_backward bwd;
  bool has_bwd = false;
};

std::unordered_map<std::string, std::unique_ptr<PoolEntry>> g_pool;

primitive_attr user_scratchpad_attr() {
  primitive_attr attr;
  attr.set_scratchpad_mode(scratchpad_mode::user);
  return attr;
}

PoolEntry& entry(const PoolGeom& g, bool need_bwd) {
  const std::string key = make_key('p', g.vec());
  auto it = g_pool.find(key);
  if (it == g_pool.end()) {
    auto e = std::make_unique<PoolEntry>();
    memory::dims strides{g.sh, g.sw}, kernel{g.kh, g.kw}, pad_l{g.pt, g.pl}, pad_r{g.pb, g.pr};
    auto src = nhwc_md(g.n, g.c, g.ih, g.iw);
    auto dst = nhwc_md(g.n, g.c, g.oh, g.ow);
    pooling_forward::desc inf_d(prop_kind::forward_inference, algorithm::pooling_max, src, dst, strides, kernel, pad_l,
                                pad_r);
    e->inf_pd = pooling_forward::primitive_desc(inf_d, user_scratchpad_attr(), cpu_engine());
    e->inf = pooling_forward(e->inf_pd);
    it = g_pool.emplace(key, std::move(e)).first;
  }
  PoolEntry& e = *it->second;
  if (need_bwd && !e.has_bwd) {
    memory::dims strides{g.sh, g.sw}, kernel{g.kh, g.kw}, pad_l{g.pt, g.pl}, pad_r{g.pb, g.pr};
    auto src = nhwc_md(g.n, g.c, g.ih, g.iw);
    auto dst = nhwc_md(g.n, g.c, g.oh, g.ow);
    pooling_forward::desc fd(prop_kind::forward_training, algorithm::pooling_max, src, dst, strides, kernel, pad_l,
                             pad_r);
    e.fwd_pd = pooling_forward::primitive_desc(fd, user_scratchpad_attr(), cpu_engine());
    e.fwd = pooling_forward(e.fwd_pd);
    pooling_backward::desc bd(algorithm::pooling_max, src, dst, strides, kernel, pad_l, pad_r);
    e.bwd_pd = pooling_backward::primitive_desc(bd, user_scratchpad_attr(), cpu_engine(), e.fwd_pd);
    e.bwd = pooling_backward(e.bwd_pd);
    e.has_bwd = true;
  }
  return e;
}

}  // namespace

void maxpool_forward(const PoolGeom& g, const float* x, float* y) {
  PoolEntry& e = entry(g, false);
  memory src(e.inf_pd.src_desc(), cpu_engine(), const_cast<float*>(x));
  memory dst(e.inf_pd.dst_desc(), cpu_engine(), y);
  memory sp = scratchpad_for(e.inf_pd.scratchpad_desc());
  e.inf.execute(cpu_stream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}, {DNNL_ARG_SCRATCHPAD, sp}});
  cpu_stream().wait();
}

void maxpool_backward(const PoolGeom& g, const float* dy, const float* x, float* dx) {
  PoolEntry& e = entry(g, true);
  // tfjs hands MaxPoolGrad (dy, x, y) but no argmax: recompute the forward with its workspace (cheap, memory-bound).
  memory src(e.fwd_pd.src_desc(), cpu_engine(), const_cast<float*>(x));
  memory dst(e.fwd_pd.dst_desc(), cpu_engine(), arena(kArenaDst, e.fwd_pd.dst_desc().get_size()));
  memory ws(e.fwd_pd.workspace_desc(), cpu_engine(), arena(kArenaWorkspace, e.fwd_pd.workspace_desc().get_size()));
  memory sp = scratchpad_for(e.fwd_pd.scratchpad_desc());
  e.fwd.execute(cpu_stream(),
                {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}, {DNNL_ARG_WORKSPACE, ws}, {DNNL_ARG_SCRATCHPAD, sp}});
  memory ddst(e.bwd_pd.diff_dst_desc(), cpu_engine(), const_cast<float*>(dy));
  memory dsrc(e.bwd_pd.diff_src_desc(), cpu_engine(), dx);
  memory sp2 = scratchpad_for(e.bwd_pd.scratchpad_desc());
  e.bwd.execute(cpu_stream(), {{DNNL_ARG_DIFF_DST, ddst},
                               {DNNL_ARG_DIFF_SRC, dsrc},
                               {DNNL_ARG_WORKSPACE, ws},
                               {DNNL_ARG_SCRATCHPAD, sp2}});
  cpu_stream().wait();
}

size_t pool_cached() { return g_pool.size(); }
void pool_clear() { g_pool.clear(); }

}  // namespace fedcxr
