// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one input is one recording, taken through everything
 * that reads a recording without a kernel or gnuplot, one of four ways
 * by the input's size (so each run costs one read, and a mutation that
 * changes the size tries another way):
 *
 *  - fragtrack report, whole (cmd_report: the reader on a file, the
 *    statistics, the text or JSON output), from a memfd;
 *  - plot's aggregation (aggregate.c, zones.c, plotsamp.c): the reader
 *    over the buffer in chunks of a size the input picks, then the time
 *    grid, the scatter's pixels and the sample panels' data files and
 *    script settings, as plot.c drives them, for one recording or a
 *    comparison of the input with itself.
 *
 * stdout and stderr (the FILEs) go to /dev/null while a run is in the
 * tool's code; the sanitizers write to fd 2 themselves, so their reports
 * still show.
 */
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "plot/aggregate.h"
#include "plot/samples.h"
#include "util/outdir.h"

static int input_fd = -1;
static char input_path[64];
/* plot's data files: tmpfs, staged in it on every run, then dropped */
static char out_dir[] = "/dev/shm/fragtrack-fuzz.XXXXXX";
static struct ft_outdir od;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void remove_out_dir(void)
{
	ft_outdir_close(&od); /* removes the staging folder */
	rmdir(out_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	input_fd = memfd_create("fragtrack-fuzz", MFD_CLOEXEC);
	devnull = fopen("/dev/null", "w");
	if (input_fd < 0 || !devnull || !mkdtemp(out_dir) || ft_outdir_open(&od, out_dir)) {
		perror("fuzz_reader: setup");
		exit(1);
	}
	atexit(remove_out_dir);
	snprintf(input_path, sizeof(input_path), "/proc/self/fd/%d", input_fd);
	return 0;
}

static void run_report(const uint8_t *data, size_t size, bool json)
{
	char arg0[] = "report", arg1[] = "--json";
	char *argv[] = { arg0, json ? arg1 : input_path, json ? input_path : NULL, NULL };

	if (ftruncate(input_fd, 0) || pwrite(input_fd, data, size, 0) != (ssize_t)size)
		abort();
	cmd_report(json ? 3 : 2, argv);
	fflush(stdout);
}

static int load_event(const struct ft_record *r, void *arg)
{
	return !ft_agg_add(arg, r);
}

static int load_sample(const struct ft_sample *s, void *arg)
{
	return !ft_zones_add(&((struct ft_agg *)arg)->zones, s);
}

static double ymap(int cls, int order, int y, void *arg)
{
	(void)arg;
	return cls == FT_SC_SUCCESS ? y : -90.0 * (cls + 1) - order;
}

/* What plot/dashboard.c's compute_axis() and render() do with the aggregates. */
static void draw(struct ft_agg *a, int nsets)
{
	const struct ft_zones *zs[FT_ZP_SETS] = { &a->zones, &a->zones };
	double g = fmax(ft_grid_width(&a->grid), ft_zones_width(&a->zones));
	struct ft_pixmap pm = { .width = 1000, .ymin = -1000, .ymax = 1060, .height = 600 };
	struct ft_point *pts = NULL;
	struct ft_zplot zp;
	double lo = 0, hi = 1;

	if (ft_agg_span(a, &lo, &hi))
		g = ft_grid_width_for(g, hi - lo);
	if (hi <= lo)
		hi = lo + 1;
	ft_grid_coarsen_to(&a->grid, g);
	ft_zones_coarsen_to(&a->zones, g);
	pm.xmin = floor(lo / g) * g;
	pm.xmax = pm.xmin + (floor(hi / g) - floor(lo / g) + 1) * g;
	for (long long k = a->grid.bins.lo; k < a->grid.bins.lo + a->grid.bins.n; k++)
		(void)ft_grid_at(&a->grid, k, FT_CELL_STEAL);
	if (ft_agg_points(a, &pm, ymap, NULL, &pts) < 0)
		abort();
	free(pts);
	ft_zplot_init(&zp, nsets, zs, pm.xmin, pm.xmax, g);
	(void)ft_zplot_any(&zp);
	(void)ft_zplot_any_blocks(&zp);
	(void)ft_zplot_index_px(&zp, 20);
	ft_zplot_write_index(&zp, &od, "fuzz");
	ft_zplot_write_blocks(&zp, &od, "fuzz");
	while (od.nstaged) {
		char name[64];

		snprintf(name, sizeof(name), "%s", od.staged[0]);
		ft_outdir_drop(&od, name);
	}
	ft_zplot_header(devnull, &zp, "fuzz");
	ft_zplot_table(devnull, 1, &zp);
}

static void run_plot(const uint8_t *data, size_t size, int nsets)
{
	struct ft_agg a;
	struct ft_reader_ops ops = { .event = load_event, .sample = load_sample,
				     .restart = ft_agg_restart, .arg = &a };
	/* chunk boundaries anywhere, tokens cut by them included */
	size_t chunk = 1 + (size * 2654435761u) % 4096;

	/* plot's default bin, or its least (every grid at its cap: slow) */
	ft_agg_init(&a, (size & 12) == 12 ? 1e-6 : 0.5);
	if (ft_read_buffer("fuzz.json", (const char *)data, size, chunk, &ops, &a.info) == 0)
		draw(&a, nsets);
	ft_agg_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *out = stdout, *err = stderr;

	stdout = stderr = devnull;
	switch (size % 4) {
	case 0:
	case 1:
		run_report(data, size, size % 4);
		break;
	default:
		run_plot(data, size, size % 4 - 1);
	}
	stdout = out;
	stderr = err;
	return 0;
}
