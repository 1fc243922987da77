// SPDX-License-Identifier: GPL-2.0
/* The BPF object cache without a kernel: what it writes, what it refuses
 * to read or use, and that a failed map creation closes nothing it did
 * not make. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace/bpfobj.h"
#include "tap.h"

static char tmp[] = "/tmp/fragtrack-unit-bpfobj.XXXXXX";
static const char *const tracepoints[] = { "kmem:mm_page_alloc_extfrag", NULL };

static struct bpf_insn prog_insns[] = {
	/* r1 = map "events" (ld_imm64, two halves), r2 = map "counts", exit */
	{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .src_reg = BPF_PSEUDO_MAP_FD, .imm = 7 },
	{ 0 },
	{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 2, .src_reg = BPF_PSEUDO_MAP_FD, .imm = 9 },
	{ 0 },
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* What the compiler child hands over: refs 7 and 9 as its map fds. */
static void sample_object(struct ft_bpf_obj *obj)
{
	memset(obj, 0, sizeof(*obj));
	obj->nmaps = 2;
	snprintf(obj->maps[0].name, FT_OBJ_NAME, "events");
	obj->maps[0].type = BPF_MAP_TYPE_PERF_EVENT_ARRAY;
	obj->maps[0].key_size = obj->maps[0].value_size = 4;
	obj->maps[0].max_entries = 2;
	obj->maps[0].ref = obj->maps[0].fd = 7;
	snprintf(obj->maps[1].name, FT_OBJ_NAME, "counts");
	obj->maps[1].type = BPF_MAP_TYPE_HASH;
	obj->maps[1].key_size = 4;
	obj->maps[1].value_size = 8;
	obj->maps[1].max_entries = 64;
	obj->maps[1].ref = obj->maps[1].fd = 9;
	obj->nprogs = 1;
	snprintf(obj->progs[0].name, FT_OBJ_NAME, "tracepoint__kmem__mm_page_alloc_extfrag");
	obj->progs[0].insns = prog_insns;
	obj->progs[0].len = sizeof(prog_insns);
	snprintf(obj->license, sizeof(obj->license), "GPL");
	obj->kern_version = 0x61200;
}

static void key_for(const char *text, unsigned char key[FT_SHA256_LEN])
{
	ft_obj_cache_key("/nonexistent-tracefs", text, tracepoints, key);
}

static int open_cache(struct ft_obj_cache *c, const char *sub, const char *text, char *why)
{
	char dir[256];
	unsigned char key[FT_SHA256_LEN];

	snprintf(dir, sizeof(dir), "%s/%s", tmp, sub);
	key_for(text, key);
	why[0] = '\0';
	return ft_obj_cache_open(c, dir, key, why, 256);
}

static char *entry_path(const struct ft_obj_cache *c)
{
	static char path[8192];

	ft_obj_cache_path(c, path, sizeof(path));
	return path;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..") != 0);
	if (d)
		closedir(d);
	return n;
}

static char why[256];

/* Loads and expects a rejection whose reason contains want. */
static void expect_rejected(const struct ft_obj_cache *c, const char *want, const char *what)
{
	struct ft_bpf_obj obj;
	int ret = ft_obj_load(c, &obj, why, sizeof(why));

	ok(ret < 0 && ret != -ENOENT && strstr(why, want), "%s: rejected (%s)", what, why);
}

static void test_key(void)
{
	unsigned char a[FT_SHA256_LEN], b[FT_SHA256_LEN], a2[FT_SHA256_LEN];

	key_for("text one", a);
	key_for("text one", a2);
	key_for("text two", b);
	ok(memcmp(a, a2, sizeof(a)) == 0, "the same text makes the same key");
	ok(memcmp(a, b, sizeof(a)) != 0, "other text makes another key");
}

static void test_round_trip(void)
{
	struct ft_obj_cache c;
	struct ft_bpf_obj in, out;
	struct stat st;
	char dir[300];
	int ret;

	ok(open_cache(&c, "cache", "text one", why) == 0, "a missing cache directory is made (%s)",
	   why);
	snprintf(dir, sizeof(dir), "%s/cache", tmp);
	ok(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700, "... mode 0700 (%o)",
	   st.st_mode & 0777);
	ok(strlen(c.name) == 2 * FT_SHA256_LEN + 4 && strstr(c.name, ".bpf"),
	   "the entry is named by the key's SHA-256 (%s)", c.name);
	ret = ft_obj_load(&c, &out, why, sizeof(why));
	ok(ret == -ENOENT, "no entry: a miss (%d)", ret);
	sample_object(&in);
	ok(ft_obj_save(&c, &in) == 0, "an object is saved");
	ok(stat(entry_path(&c), &st) == 0 && (st.st_mode & 077) == 0 && st.st_uid == geteuid(),
	   "... as a file of ours only we can read (%o)", st.st_mode & 0777);
	ok(count_entries(dir) == 1, "... and nothing else is left in the directory");
	ret = ft_obj_load(&c, &out, why, sizeof(why));
	ok(ret == 0, "it loads back (%d %s)", ret, why);
	ok(out.nmaps == 2 && out.nprogs == 1 && strcmp(out.maps[1].name, "counts") == 0 &&
		   out.maps[1].ref == 9 && out.maps[1].max_entries == 64 &&
		   strcmp(out.license, "GPL") == 0 && out.kern_version == 0x61200 &&
		   out.progs[0].len == sizeof(prog_insns) &&
		   memcmp(out.progs[0].insns, prog_insns, sizeof(prog_insns)) == 0,
	   "... as it was saved");
	ok(out.maps[0].fd == -1 && out.maps[1].fd == -1 && !out.maps_created,
	   "... with no descriptor: the numbers in the file are only references");
	ft_obj_free(&out);
	ft_obj_cache_close(&c);
}

/* Rewrites one byte of the entry (the seal is not fixed up). */
static void poke(const struct ft_obj_cache *c, off_t off)
{
	int fd = open(entry_path(c), O_RDWR);
	unsigned char b;

	if (pread(fd, &b, 1, off) == 1) {
		b ^= 0x55;
		if (pwrite(fd, &b, 1, off) != 1)
			perror("pwrite");
	}
	close(fd);
}

/* The entry of from, copied over the entry of to (as root would with cp). */
static int copy_file(const struct ft_obj_cache *from, const struct ft_obj_cache *to)
{
	char src[8192], buf[65536];
	ssize_t n;
	int in, out, ret = 0;

	snprintf(src, sizeof(src), "%s", entry_path(from));
	in = open(src, O_RDONLY);
	out = open(entry_path(to), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (in < 0 || out < 0)
		ret = -1;
	while (!ret && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			ret = -1;
	close(in);
	close(out);
	return ret;
}

static void test_rejections(void)
{
	struct ft_obj_cache c, other;
	struct ft_bpf_obj obj;

	open_cache(&c, "cache", "text one", why);
	sample_object(&obj);

	ft_obj_save(&c, &obj);
	poke(&c, 200);
	expect_rejected(&c, "content hash mismatch", "a changed byte");

	/* an object made from other text, copied under this key's name */
	open_cache(&other, "other", "text two", why);
	ft_obj_save(&other, &obj);
	ok(copy_file(&other, &c) == 0, "an object of other text copied under this name");
	expect_rejected(&c, "other BPF text", "a foreign object");
	ft_obj_cache_close(&other);

	ft_obj_save(&c, &obj);
	ok(truncate(entry_path(&c), 1000) == 0, "an entry cut short");
	expect_rejected(&c, "content hash mismatch", "a truncated object");
	ok(truncate(entry_path(&c), 10) == 0, "an entry of 10 bytes");
	expect_rejected(&c, "not a fragtrack BPF object", "a tiny file");

	ft_obj_save(&c, &obj);
	chmod(entry_path(&c), 0620);
	expect_rejected(&c, "writable by group or others", "a group-writable file");
	ft_obj_save(&c, &obj);
	chmod(entry_path(&c), 0644);
	ok(ft_obj_load(&c, &obj, why, sizeof(why)) == 0, "a file others may only read is used");
	ft_obj_free(&obj);
	sample_object(&obj);

	/* a reference to no declared map would name one of the loader's fds */
	prog_insns[2].imm = 8;
	ft_obj_save(&c, &obj);
	prog_insns[2].imm = 9;
	expect_rejected(&c, "malformed", "an instruction naming an undeclared map");

	unlink(entry_path(&c));
	ok(mkfifo(entry_path(&c), 0600) == 0, "a FIFO at the entry's name");
	expect_rejected(&c, "not a regular file", "a FIFO (read without blocking)");
	ok(ft_obj_discard(&c) == -EPERM, "... is not discarded: not a file of ours");
	unlink(entry_path(&c));
	ft_obj_cache_close(&c);
}

static void test_symlinks(void)
{
	struct ft_obj_cache c, good;
	struct ft_bpf_obj obj;
	char target[8192], planted[8300], buf[16] = "";
	struct stat st;
	int fd;

	/* a genuine object elsewhere, linked at the entry's name */
	open_cache(&good, "good", "text one", why);
	sample_object(&obj);
	ft_obj_save(&good, &obj);
	snprintf(target, sizeof(target), "%s", entry_path(&good));
	open_cache(&c, "cache", "text one", why);
	ok(symlink(target, entry_path(&c)) == 0, "a symlink at the entry's name");
	expect_rejected(&c, "a symbolic link", "a symlink to a genuine object");
	ok(ft_obj_discard(&c) == -EPERM, "... is not discarded");
	ok(ft_obj_save(&c, &obj) == 0 && lstat(entry_path(&c), &st) == 0 && S_ISREG(st.st_mode),
	   "saving replaces the link itself");
	ok(ft_obj_discard(&c) == 0 && lstat(entry_path(&c), &st) != 0,
	   "a file of ours is discarded");
	ft_obj_cache_close(&good);

	/* the old temporary name, KEY.bpf.PID, planted: never written through */
	snprintf(target, sizeof(target), "%s/victim", tmp);
	fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ok(fd >= 0 && write(fd, "precious", 8) == 8, "a file to protect");
	close(fd);
	snprintf(planted, sizeof(planted), "%s.%d", entry_path(&c), (int)getpid());
	ok(symlink(target, planted) == 0, "a symlink at KEY.bpf.PID");
	ok(ft_obj_save(&c, &obj) == 0, "an object is saved next to it");
	fd = open(target, O_RDONLY);
	ok(read(fd, buf, sizeof(buf)) == 8 && memcmp(buf, "precious", 8) == 0,
	   "the file behind the planted name is untouched");
	close(fd);
	ok(lstat(planted, &st) == 0 && S_ISLNK(st.st_mode), "the planted link is left alone");
	unlink(planted);
	ft_obj_cache_close(&c);
}

static void test_directories(void)
{
	struct ft_obj_cache c;
	char dir[300], link[300];

	snprintf(dir, sizeof(dir), "%s/open", tmp);
	mkdir(dir, 0700);
	chmod(dir, 0777);
	ok(open_cache(&c, "open", "t", why) == -EPERM && strstr(why, "writable by group or others"),
	   "a world-writable directory is refused (%s)", why);
	chmod(dir, 0770);
	ok(open_cache(&c, "open", "t", why) == -EPERM && strstr(why, "writable by group or others"),
	   "a group-writable directory is refused (%s)", why);
	chmod(dir, 0755);
	ok(open_cache(&c, "open", "t", why) == 0, "a directory only we can write is used");
	ft_obj_cache_close(&c);
	snprintf(link, sizeof(link), "%s/link", tmp);
	ok(symlink(dir, link) == 0, "a symlink to that directory");
	ok(open_cache(&c, "link", "t", why) < 0 && strstr(why, "symbolic link"),
	   "... is refused (%s)", why);
	ok(open_cache(&c, "link/", "t", why) < 0 && strstr(why, "symbolic link"),
	   "... also written with a trailing slash (%s)", why);
	if (geteuid() == 0) {
		ok(chown(dir, 65534, 65534) == 0, "the directory given to nobody");
		ok(open_cache(&c, "open", "t", why) == -EPERM && strstr(why, "owned by uid 65534"),
		   "... is refused (%s)", why);
	} else {
		ok(1, "# SKIP not root: cannot give a directory away");
		ok(1, "# SKIP not root");
	}
}

/* Open descriptors of this process, from /proc/self/fd. */
static int open_fds(void)
{
	return count_entries("/proc/self/fd");
}

static void test_failed_maps(void)
{
	struct ft_bpf_obj obj;
	int pipefd[2], before, ret;

	/* the file's map numbers are fds this process has open, as a tracer's
	 * perf buffers and socket were */
	ok(pipe(pipefd) == 0, "two descriptors of our own");
	sample_object(&obj);
	obj.maps[0].ref = obj.maps[0].fd = pipefd[0];
	obj.maps[1].ref = obj.maps[1].fd = pipefd[1];
	obj.maps[1].type = 0x7fff0000; /* no such map type: its creation fails */
	before = open_fds();
	ret = ft_obj_create_maps(&obj, why, sizeof(why));
	ok(ret < 0 && strstr(why, "could not be created"), "a map that cannot be created fails (%s)",
	   why);
	ok(fcntl(pipefd[0], F_GETFD) >= 0 && fcntl(pipefd[1], F_GETFD) >= 0,
	   "... the descriptors numbered in the file stay open");
	ok(open_fds() == before, "... and none it made is left open (%d, %d before)", open_fds(),
	   before);
	ft_obj_close_maps(&obj);
	ok(fcntl(pipefd[0], F_GETFD) >= 0 && fcntl(pipefd[1], F_GETFD) >= 0,
	   "closing the object's maps closes nothing it did not make");
	/* an object from the compiler: its maps are the compiler's */
	sample_object(&obj);
	obj.maps[0].fd = pipefd[0];
	ft_obj_close_maps(&obj);
	ok(fcntl(pipefd[0], F_GETFD) >= 0, "nor the maps of an object it did not load");
	close(pipefd[0]);
	close(pipefd[1]);
}

/* Maps that can be created (root): the one the caller takes stays open. */
static void test_created_maps(void)
{
	struct ft_bpf_obj obj;
	struct bpf_insn *insn;
	int before = open_fds(), events, counts;

	if (geteuid() != 0) {
		for (int i = 0; i < 4; i++)
			ok(1, "# SKIP not root: no maps");
		return;
	}
	sample_object(&obj);
	why[0] = '\0';
	ok(ft_obj_create_maps(&obj, why, sizeof(why)) == 0, "the maps are created%s", why);
	events = ft_obj_map_fd(&obj, "events");
	counts = ft_obj_map_fd(&obj, "counts");
	insn = obj.progs[0].insns;
	ok(insn[0].imm == events && insn[2].imm == counts && events != counts,
	   "the instructions name the new maps (%d %d)", insn[0].imm, insn[2].imm);
	ft_obj_release_map(&obj, events);
	ft_obj_close_maps(&obj);
	ok(fcntl(events, F_GETFD) >= 0 && open_fds() == before + 1,
	   "only the map the caller took is left open");
	close(events);
	ok(open_fds() == before, "nothing else was left open");
	/* the static instructions were rewritten: put the references back */
	insn[0].imm = 7;
	insn[2].imm = 9;
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	test_key();
	test_round_trip();
	test_rejections();
	test_symlinks();
	test_directories();
	test_failed_maps();
	test_created_maps();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	if (system(cmd) != 0)
		ok(0, "cleaning up %s", tmp);
	return tap_done();
}
