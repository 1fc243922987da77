# fragtrack: what both dashboards share: terminal, colours, point styles.
#
# fragtrack writes a header of settings (sizes, ranges, counts, labels)
# before this template, then single.gp or compare.gp after it.  Strings that
# came from outside (labels, file names) are only ever in variables set by
# that header, as single-quoted literals; keep them out of eval and @macros.

font_name = 'DejaVu Sans'
if (out_format eq 'svg') {
	set terminal svg size canvas_w, canvas_h dynamic noenhanced font font_name.',12' background '#ffffff'
} else {
	if (out_format eq 'pdf') {
		# 72 points to the inch: the same proportions as the PNG
		set terminal pdfcairo size canvas_w / 72.0, canvas_h / 72.0 noenhanced font font_name.',12' background '#ffffff'
	} else {
		set terminal pngcairo size canvas_w, canvas_h noenhanced font font_name.',12' background '#ffffff'
	}
}
set encoding utf8
set output outfile

# ---- colours: the seed visualizer's ----
rgb_success = 0x2ecc71
rgb_success_neg = 0x138d75
rgb_success_nil = 0x95a5a6
rgb_failure = 0xe74c3c
rgb_success_b = 0x1e8449
rgb_failure_b = 0xa93226
rgb_steal = 0x3498db
rgb_steal_line = 0x2980b9
rgb_claim = 0xe67e22
rgb_claim_line = 0xd35400
rgb_heat_a = 0x3498db
rgb_heat_b = 0xe67e22
rgb_better = 0xd4edda
rgb_worse = 0xf8d7da
c_title = '#2c3e50'
c_muted = '#7f8c8d'
c_axis = '#34495e'
c_rule = '#dddddd'
hex(c) = sprintf('#%06x', c)

# ---- the compaction scatter ----
# Each line of a scatter file is every event that fell on one pixel with one
# size and colour; drawing it once with the opacity of that many events
# stacked at sc_alpha each looks as drawing them all would.
sc_alpha = 0.5
sc_argb(c, n) = (int(255 * (1 - sc_alpha) ** n) << 24) | c
sc_rgb_a(cls) = cls == 0 ? rgb_success : cls == 1 ? rgb_success_neg : cls == 2 ? rgb_success_nil : rgb_failure
sc_rgb_b(cls) = cls == 0 ? rgb_success_b : cls == 1 ? rgb_success_neg : cls == 2 ? rgb_success_nil : rgb_failure_b
# dot size grows with the order, as the seed's 1 + 2 * order
sc_ps(order) = 0.7 + 0.1 * order

# ---- migrate pattern severity (ft_severity2: doubled) ----
sev_rgb(s) = s <= -4 ? 0x8b0000 : s <= -2 ? 0xff6b6b : s >= 2 ? 0x51cf66 : 0xffd43b
sev_marker(s) = s <= -4 ? '!!' : s <= -2 ? '!' : s >= 2 ? '+' : '='
sev_ink(s) = s <= -2 ? '#ffffff' : '#1a1a1a'
set style textbox 1 opaque fc rgb '#ffffff' border lc rgb '#bbbbbb' margins 6, 4

# ---- layout helpers (fractions of the canvas) ----
px_x(n) = n * 1.0 / canvas_w
px_y(n) = n * 1.0 / canvas_h
title_y(top) = top + px_y(26)
key_x = plot_r + px_x(18)
# the time ticks: at heatmap column edges when those are round numbers
xtics_cmd = xtic_cols ? sprintf('set xtics %.15g, %.15g, %.15g', xmin, xtic_step, xmax) : 'set xtics autofreq'
panel_style = "set border 3 lw 1.2 lc rgb '#555555'; set tics nomirror out scale 0.6 textcolor rgb '#333333' font ',12'; set grid back lc rgb '#ececec' lw 1; set key noautotitle; unset colorbox"
nodata_style = "unset border; unset tics; unset grid; unset key; unset xlabel; unset ylabel; set xrange [0:1]; set yrange [0:1]; set object 99 rect from graph 0, graph 0 to graph 1, graph 1 fs empty border lc rgb '#cccccc' dt 2 back"
nodata_font = ',14:Italic'
# what the severity markers mean, under the pattern names
severity_legend = "set label 91 '!!  to UNMOVABLE: very bad' at screen px_x(20), screen p3_b - px_y(36) left font ',10' tc rgb '#8b0000'; set label 92 '!    MOVABLE to RECLAIMABLE: bad' at screen px_x(20), screen p3_b - px_y(53) left font ',10' tc rgb '#d9480f'; set label 93 '=    mild or neutral' at screen px_x(20), screen p3_b - px_y(70) left font ',10' tc rgb '#8a6d00'; set label 94 '+    to MOVABLE, from UNMOVABLE: good' at screen px_x(20), screen p3_b - px_y(87) left font ',10' tc rgb '#2b8a3e'"
