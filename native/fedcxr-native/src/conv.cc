// Conv2D forward (+bias, +ReLU), backward-data and backward-weights over oneDNN, cached per shape and precision.
// In bf16 mode the multiplied operands are bf16 (fp32 for fewer than kBf16MinWidth input channels: the first
// layer) and every output (y, dx, dw, db) is f32 (fp32 accumulation).
#include <memory>
#include <unordered_map>

#include "common.hh"
#include "port.hh"

namespace fedcxr {

using namespace dnnl;

namespace {

struct Common {
  memory::dims strides, dilates, pad_l, pad_r;
  explicit Common(const ConvGeom& g)
      : strides{g.sh, g.sw}, dilates{g.dh - 1, g.dw - 1}, pad_l{g.pt, g.pl}, pad_r{g.pb, g.pr} {}
};

primitive_attr user_scratchpad_attr() {
  primitive_attr attr;
  attr.set_scratchpad_mode(scratchpad_mode::user);
  return attr;
}

convolution_forward::primitive_desc forward_pd(const ConvGeom& g, bool bias, bool relu, bool backward = false) {
  Common c(g);
  const bool blocked = use_blocked(g.ic, backward);
  auto src = act_md(g.n, g.ic, g.ih, g.iw, blocked, operand_dt(g.ic));
  auto dst = act_md(g.n, g.oc, g.oh, g.ow, blocked);
  auto wei = any_wei_md(g.oc, g.ic, g.kh, g.kw, operand_dt(g.ic));
  primitive_attr attr = user_scratchpad_attr();
  if (relu) {
    post_ops po;
    po.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f);
    attr.set_post_ops(po);
  }
  if (bias) {
    memory::desc b({g.oc}, memory::data_type::f32, memory::format_tag::x);
    convolution_forward::desc d(prop_kind::forward_training, algorithm::convolution_direct, src, wei, b, dst, c.strides,
                                c.dilates, c.pad_l, c.pad_r);
    return convolution_forward::primitive_desc(d, attr, cpu_engine());
  }
  convolution_forward::desc d(prop_kind::forward_training, algorithm::convolution_direct, src, wei, dst, c.strides,
                              c.dilates, c.pad_l, c.pad_r);
  return convolution_forward::primitive_desc(d, attr, cpu_engine());
}

struct FwdEntry {
  convolution_forward::primitive_desc pd;
  convolution_forward prim;
  Port src, wei, dst;
  memory::desc bias;
};

struct BwdDataEntry {
  convolution_backward_data::primitive_desc pd;
  convolution_backward_data prim;
  Port diff_dst, wei, diff_src;
};

struct BwdWeiEntry {
  convolution_backward_weights::primitive_desc pd;
  convolution_backward_weights prim;
  Port src, diff_dst, diff_wei;
  memory::desc diff_bias;
};

std::unordered_map<std::string, std::unique_ptr<FwdEntry>> g_fwd;
std::unordered_map<std::string, std::unique_ptr<BwdDataEntry>> g_bwd_data;
std::unordered_map<std::string, std::unique_ptr<BwdWeiEntry>> g_bwd_wei;

std::vector<int64_t> key_dims(const ConvGeom& g, int64_t extra) {
  auto v = g.vec();
  v.push_back(extra);
  v.push_back(layout_mode());
  v.push_back(precision_mode());
  return v;
}

}  // namespace

void conv2d_forward(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y, bool relu) {
  const bool has_bias = bias != nullptr;
  const std::string key = make_key('f', key_dims(g, (has_bias ? 1 : 0) | (relu ? 2 : 0)));
  auto it = g_fwd.find(key);
  if (it == g_fwd.end()) {
    auto e = std::make_unique<FwdEntry>();
    e->pd = forward_pd(g, has_bias, relu);
    e->prim = convolution_forward(e->pd);
    e->src = Port(nhwc_md(g.n, g.ic, g.ih, g.iw), e->pd.src_desc(), true);
    e->wei = Port(hwio_md(g.oc, g.ic, g.kh, g.kw), e->pd.weights_desc(), true);
    e->dst = Port(nhwc_md(g.n, g.oc, g.oh, g.ow), e->pd.dst_desc(), false);
    e->bias = memory::desc({g.oc}, memory::data_type::f32, memory::format_tag::x);
    it = g_fwd.emplace(key, std::move(e)).first;
  }
  FwdEntry& e = *it->second;
  memory src = e.src.bind_in(x, kArenaSrc);
  memory wei = e.wei.bind_in(w, kArenaWei);
  memory dst = e.dst.bind_out(y, kArenaDst);
  memory sp = scratchpad_for(e.pd.scratchpad_desc());
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}, {DNNL_ARG_SCRATCHPAD, sp}};
  if (has_bias) args.emplace(DNNL_ARG_BIAS, memory(e.bias, cpu_engine(), const_cast<float*>(bias)));
  e.prim.execute(cpu_stream(), args);
  e.dst.finish_out(dst, y);
  cpu_stream().wait();
}

void conv2d_backward_data(const ConvGeom& g, const float* dy, const float* w, float* dx) {
  const std::string key = make_key('d', key_dims(g, 0));
  auto it = g_bwd_data.find(key);
  if (it == g_bwd_data.end()) {
    auto e = std::make_unique<BwdDataEntry>();
    Common c(g);
    auto hint = forward_pd(g, false, false, true);
    const bool blocked = use_blocked(g.ic, true);
    convolution_backward_data::desc d(algorithm::convolution_direct, act_md(g.n, g.ic, g.ih, g.iw, blocked),
                                      any_wei_md(g.oc, g.ic, g.kh, g.kw, operand_dt(g.ic)),
                                      act_md(g.n, g.oc, g.oh, g.ow, blocked, operand_dt(g.ic)), c.strides, c.dilates, c.pad_l,
                                      c.pad_r);
    e->pd = convolution_backward_data::primitive_desc(d, user_scratchpad_attr(), cpu_engine(), hint);
    e->prim = convolution_backward_data(e->pd);
    e->diff_dst = Port(nhwc_md(g.n, g.oc, g.oh, g.ow), e->pd.diff_dst_desc(), true);
    e->wei = Port(hwio_md(g.oc, g.ic, g.kh, g.kw), e->pd.weights_desc(), true);
    e->diff_src = Port(nhwc_md(g.n, g.ic, g.ih, g.iw), e->pd.diff_src_desc(), false);
    it = g_bwd_data.emplace(key, std::move(e)).first;
  }
  BwdDataEntry& e = *it->second;
  memory ddst = e.diff_dst.bind_in(dy, kArenaSrc);
  memory wei = e.wei.bind_in(w, kArenaWei);
  memory dsrc = e.diff_src.bind_out(dx, kArenaDst);
  memory sp = scratchpad_for(e.pd.scratchpad_desc());
  e.prim.execute(cpu_stream(), {{DNNL_ARG_DIFF_DST, ddst},
                                {DNNL_ARG_WEIGHTS, wei},
                                {DNNL_ARG_DIFF_SRC, dsrc},
                                {DNNL_ARG_SCRATCHPAD, sp}});
  e.diff_src.finish_out(dsrc, dx);
  cpu_stream().wait();
}

void conv2d_backward_weights(const ConvGeom& g, const float* x, const float* dy, float* dw, float* db) {
  const bool has_bias = db != nullptr;
  const std::string key = make_key('w', key_dims(g, has_bias ? 1 : 0));
  auto it = g_bwd_wei.find(key);
  if (it == g_bwd_wei.end()) {
    auto e = std::make_unique<BwdWeiEntry>();
    Common c(g);
    auto hint = forward_pd(g, has_bias, false, true);
    auto src = act_md(g.n, g.ic, g.ih, g.iw, use_blocked(g.ic, true), operand_dt(g.ic));
    auto wei = any_wei_md(g.oc, g.ic, g.kh, g.kw);
    auto dst = act_md(g.n, g.oc, g.oh, g.ow, use_blocked(g.ic, true), operand_dt(g.ic));
    e->diff_bias = memory::desc({g.oc}, memory::data_type::f32, memory::format_tag::x);
    // With a bias, oneDNN sums dy over N, H, W inside the same pass (tfjs would run a separate Sum).
    auto d = has_bias ? convolution_backward_weights::desc(algorithm::convolution_direct, src, wei, e->diff_bias, dst,
                                                           c.strides, c.dilates, c.pad_l, c.pad_r)
                      : convolution_backward_weights::desc(algorithm::convolution_direct, src, wei, dst, c.strides,
                                                           c.dilates, c.pad_l, c.pad_r);
    e->pd = convolution_backward_weights::primitive_desc(d, user_scratchpad_attr(), cpu_engine(), hint);
    e->prim = convolution_backward_weights(e->pd);
    e->src = Port(nhwc_md(g.n, g.ic, g.ih, g.iw), e->pd.src_desc(), true);
    e->diff_dst = Port(nhwc_md(g.n, g.oc, g.oh, g.ow), e->pd.diff_dst_desc(), true);
    e->diff_wei = Port(hwio_md(g.oc, g.ic, g.kh, g.kw), e->pd.diff_weights_desc(), false);
    it = g_bwd_wei.emplace(key, std::move(e)).first;
  }
  BwdWeiEntry& e = *it->second;
  memory src = e.src.bind_in(x, kArenaSrc);
  memory ddst = e.diff_dst.bind_in(dy, kArenaDst);
  memory dwei = e.diff_wei.bind_out(dw, kArenaWei);
  memory sp = scratchpad_for(e.pd.scratchpad_desc());
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_DIFF_WEIGHTS, dwei}, {DNNL_ARG_SCRATCHPAD, sp}};
  if (has_bias) args.emplace(DNNL_ARG_DIFF_BIAS, memory(e.diff_bias, cpu_engine(), db));
  e.prim.execute(cpu_stream(), args);
  e.diff_wei.finish_out(dwei, dw);
  cpu_stream().wait();
}

size_t conv_cached() { return g_fwd.size() + g_bwd_data.size() + g_bwd_wei.size(); }
void conv_clear() {
  g_fwd.clear();
  g_bwd_data.clear();
  g_bwd_wei.clear();
}

}  // namespace fedcxr
