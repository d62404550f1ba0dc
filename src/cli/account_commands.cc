#include "cli/account_commands.h"

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli/output.h"
#include "registry/accounts.h"
#include "registry/api_keys.h"

namespace alley::cli {
namespace {

std::string StripLineEnd(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

// One line from standard input: how scripts give a password (--password-stdin).
StatusOr<std::string> PasswordFromStdin() {
  std::string line;
  if (!std::getline(std::cin, line) && line.empty()) {
    return InvalidArgumentError("--password-stdin: standard input is empty");
  }
  return StripLineEnd(std::move(line));
}

// Reads one line from the terminal with echo off.
StatusOr<std::string> ReadHidden(std::FILE* tty, const char* prompt) {
  std::fputs(prompt, tty);
  std::fflush(tty);
  int fd = ::fileno(tty);
  termios saved{};
  bool have_termios = ::tcgetattr(fd, &saved) == 0;
  if (have_termios) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::string line;
  int c = 0;
  while ((c = std::fgetc(tty)) != EOF && c != '\n') line += static_cast<char>(c);
  if (have_termios) ::tcsetattr(fd, TCSAFLUSH, &saved);
  std::fputs("\n", tty);
  if (c == EOF && line.empty()) return InvalidArgumentError("no password given");
  return StripLineEnd(std::move(line));
}

// A new password: from stdin with --password-stdin, else asked twice on the
// terminal (echo off).
StatusOr<std::string> NewPassword(bool from_stdin) {
  if (from_stdin) return PasswordFromStdin();
  std::FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) {
    return FailedPreconditionError("no terminal to ask for the password on: use --password-stdin");
  }
  StatusOr<std::string> first = ReadHidden(tty, "New password: ");
  StatusOr<std::string> second =
      first.ok() ? ReadHidden(tty, "Repeat it: ") : StatusOr<std::string>(first.status());
  std::fclose(tty);
  if (!second.ok()) return second.status();
  if (*first != *second) return InvalidArgumentError("the two passwords differ");
  return *first;
}

std::string UserState(const registry::User& u, store::Timestamp now) {
  if (u.disabled) return "disabled";
  if (u.locked_until && *u.locked_until > now) {
    return "locked until " + store::FormatTimestamp(*u.locked_until);
  }
  return "active";
}

nlohmann::json UserJson(const registry::User& u, store::Timestamp now) {
  nlohmann::json j = {
      {"username", u.username},
      {"display_name", u.display_name},
      {"role", registry::RoleId(u.role)},
      {"unit", u.unit_code},
      {"disabled", u.disabled},
      {"state", UserState(u, now)},
      {"failed_logins", u.failed_logins},
      {"created_at", store::FormatTimestamp(u.created_at)},
      {"password_changed_at", store::FormatTimestamp(u.password_changed_at)},
  };
  j["locked_until"] = u.locked_until ? nlohmann::json(store::FormatTimestamp(*u.locked_until))
                                     : nlohmann::json(nullptr);
  return j;
}

nlohmann::json AuditJson(const store::AuditRow& r) {
  return {
      {"id", r.id},
      {"at", store::FormatTimestamp(r.at)},
      {"username", r.username},
      {"role", r.role},
      {"scope_unit", r.scope_unit},
      {"action", r.action},
      {"object", r.object},
      {"records", r.records},
      {"reason", r.reason},
      {"detail", r.detail},
  };
}

}  // namespace

registry::audit::Actor CliActor() {
  std::string name;
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    name = pw->pw_name;
  } else {
    name = "uid" + std::to_string(::geteuid());
  }
  return {"cli:" + name, "", ""};
}

store::Timestamp Now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

void RegisterUser(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand("user", "Manage accounts: add, set passwords, disable, list");
  cmd->require_subcommand(1);

  struct AddArgs {
    std::string name, role, unit, display_name;
    bool password_stdin = false;
  };
  auto add = std::make_shared<AddArgs>();
  CLI::App* add_cmd = cmd->add_subcommand(
      "add",
      "Add a user with a role and a unit (the root of all they may see). Without\n"
      "--password-stdin the password is asked twice on the terminal.");
  add_cmd->add_option("NAME", add->name, "user name: 3-32 of a-z 0-9 _ . -")->required();
  add_cmd
      ->add_option("--role", add->role,
                   "grid_worker, community_staff, street_officer, district_officer, planner, "
                   "analyst, auditor or admin")
      ->required();
  add_cmd->add_option("--unit", add->unit, "the unit code")->required();
  add_cmd->add_option("--display-name", add->display_name, "the name shown, e.g. 王丽");
  add_cmd->add_flag("--password-stdin", add->password_stdin,
                    "read the password as one line from standard input");
  add_cmd->callback([&context, add] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(registry::Role role, registry::ParseRole(add->role));
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::string password, NewPassword(add->password_stdin));
      registry::NewUser user{add->name, add->display_name, role, add->unit, password};
      ALLEY_ASSIGN_OR_RETURN(registry::User u, registry::AddUser(*store, user, CliActor(), Now()));
      std::cout << "added " << u.username << " (" << registry::RoleId(u.role) << ", unit "
                << u.unit_code << ")\n";
      return OkStatus();
    });
  });

  struct NameArgs {
    std::string name;
    bool password_stdin = false;
  };
  auto passwd = std::make_shared<NameArgs>();
  CLI::App* passwd_cmd = cmd->add_subcommand(
      "passwd", "Set a user's password; clears a lock-out and ends their sessions");
  passwd_cmd->add_option("NAME", passwd->name, "the user")->required();
  passwd_cmd->add_flag("--password-stdin", passwd->password_stdin,
                       "read the password as one line from standard input");
  passwd_cmd->callback([&context, passwd] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_RETURN_IF_ERROR(registry::FindUser(*store, passwd->name).status());
      ALLEY_ASSIGN_OR_RETURN(std::string password, NewPassword(passwd->password_stdin));
      ALLEY_RETURN_IF_ERROR(
          registry::SetPassword(*store, passwd->name, password, CliActor(), Now()));
      std::cout << "password of " << passwd->name << " set\n";
      return OkStatus();
    });
  });

  for (bool disable : {true, false}) {
    auto args = std::make_shared<NameArgs>();
    CLI::App* sub =
        cmd->add_subcommand(disable ? "disable" : "enable",
                            disable ? "Disable a user: no login, and their sessions end"
                                    : "Enable a disabled user again (also clears a lock-out)");
    sub->add_option("NAME", args->name, "the user")->required();
    sub->callback([&context, args, disable] {
      Run(context, [&]() -> Status {
        ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
        ALLEY_RETURN_IF_ERROR(
            registry::SetDisabled(*store, args->name, disable, CliActor(), Now()));
        std::cout << args->name << (disable ? " disabled\n" : " enabled\n");
        return OkStatus();
      });
    });
  }

  auto list_json = std::make_shared<bool>(false);
  CLI::App* list_cmd = cmd->add_subcommand("list", "List the users");
  list_cmd->add_flag("--json", *list_json, "print JSON");
  list_cmd->callback([&context, list_json] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<registry::User> users, registry::ListUsers(*store));
      store::Timestamp now = Now();
      if (*list_json) {
        nlohmann::json doc = nlohmann::json::array();
        for (const registry::User& u : users) doc.push_back(UserJson(u, now));
        PrintJson(doc);
        return OkStatus();
      }
      if (users.empty()) std::cout << "no users (add one with `alley user add`)\n";
      for (const registry::User& u : users) {
        std::cout << u.username << "  " << registry::RoleId(u.role) << "  " << u.unit_code;
        if (!u.display_name.empty()) std::cout << "  " << u.display_name;
        std::cout << "  " << UserState(u, now) << "\n";
      }
      return OkStatus();
    });
  });
}

void RegisterAudit(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand("audit", "Read and verify the audit trail");
  cmd->require_subcommand(1);

  struct ListArgs {
    std::string user, action, object, from, to;
    int64_t page = 1;
    int64_t page_size = 50;
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = cmd->add_subcommand("list", "List audit records, newest first");
  list_cmd->add_option("--user", list->user, "only this user's records");
  list_cmd->add_option("--action", list->action,
                       "only this action: login, login_failed, logout, read, bulk_read, unmask, "
                       "export, create, update, delete, user_add, user_update");
  list_cmd->add_option("--object", list->object, "only records about this object");
  list_cmd->add_option("--from", list->from, "from this time on, YYYY-MM-DDTHH:MM:SSZ (UTC)");
  list_cmd->add_option("--to", list->to, "before this time, YYYY-MM-DDTHH:MM:SSZ (UTC)");
  list_cmd->add_option("--page", list->page, "the page, from 1 (default 1)");
  list_cmd->add_option("--page-size", list->page_size, "records per page, 1-1000 (default 50)");
  list_cmd->add_flag("--json", list->json, "print JSON: {\"items\": [...], \"total\": N}");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      registry::audit::Filter filter;
      filter.username = list->user;
      filter.action = list->action;
      filter.object = list->object;
      filter.page = list->page;
      filter.page_size = list->page_size;
      if (!list->from.empty()) {
        StatusOr<store::Timestamp> from = store::ParseTimestamp(list->from);
        if (!from.ok()) return from.status().WithContext("--from");
        filter.from = *from;
      }
      if (!list->to.empty()) {
        StatusOr<store::Timestamp> to = store::ParseTimestamp(list->to);
        if (!to.ok()) return to.status().WithContext("--to");
        filter.to = *to;
      }
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(store::AuditPage page, registry::audit::Query(*store, filter));
      if (list->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const store::AuditRow& r : page.items) items.push_back(AuditJson(r));
        PrintJson({{"items", items}, {"total", page.total}});
        return OkStatus();
      }
      for (const store::AuditRow& r : page.items) {
        std::cout << store::FormatTimestamp(r.at) << "  " << r.username << "  " << r.action;
        if (!r.object.empty()) std::cout << "  " << r.object;
        if (r.records != "[]") std::cout << " " << r.records;
        if (!r.reason.empty()) std::cout << "  reason: " << r.reason;
        if (!r.detail.empty()) std::cout << "  (" << r.detail << ")";
        std::cout << "\n";
      }
      std::cout << page.items.size() << " of " << page.total << " records\n";
      return OkStatus();
    });
  });

  CLI::App* verify_cmd = cmd->add_subcommand(
      "verify", "Check the hash chain of the whole audit trail (exit 10 when it is broken)");
  verify_cmd->callback([&context] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      int64_t rows = 0;
      ALLEY_RETURN_IF_ERROR(registry::audit::Verify(*store, &rows));
      std::cout << "audit trail intact: " << rows << " records, every link holds\n";
      return OkStatus();
    });
  });
}

void RegisterApiKey(CLI::App& app, Context& context) {
  CLI::App* cmd = app.add_subcommand(
      "apikey", "Keys for apps that file and follow concerns over Open311 (/open311/v2)");
  cmd->require_subcommand(1);

  struct AddArgs {
    std::string unit, label;
    bool json = false;
  };
  auto add = std::make_shared<AddArgs>();
  CLI::App* add_cmd = cmd->add_subcommand(
      "add",
      "Issue a key for a unit (the root of what it may see). The key is printed\n"
      "once; Alley keeps only its hash.");
  add_cmd->add_option("--unit", add->unit, "the unit code")->required();
  add_cmd->add_option("--label", add->label, "who uses it, e.g. 街道小程序 (default: open311)");
  add_cmd->add_flag("--json", add->json, "print JSON: {\"id\", \"key\", \"prefix\", \"unit\"}");
  add_cmd->callback([&context, add] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      const std::string label = add->label.empty() ? "open311" : add->label;
      ALLEY_ASSIGN_OR_RETURN(registry::IssuedApiKey k,
                             registry::IssueApiKey(*store, add->unit, label, CliActor(), Now()));
      if (add->json) {
        PrintJson({{"id", k.id}, {"key", k.key}, {"prefix", k.prefix}, {"unit", add->unit}});
      } else {
        std::cout << k.key << "\n";
        std::cerr << "key " << k.id << " for unit " << add->unit
                  << ": keep it now, it is not shown again\n";
      }
      return OkStatus();
    });
  });

  struct ListArgs {
    std::string unit = "0";
    bool json = false;
  };
  auto list = std::make_shared<ListArgs>();
  CLI::App* list_cmd = cmd->add_subcommand("list", "List the keys (never the keys themselves)");
  list_cmd->add_option("--unit", list->unit, "only the keys of this unit and below");
  list_cmd->add_flag("--json", list->json, "print JSON");
  list_cmd->callback([&context, list] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_ASSIGN_OR_RETURN(std::vector<registry::ApiKeyInfo> keys,
                             registry::ListApiKeys(*store, list->unit));
      nlohmann::json doc = nlohmann::json::array();
      for (const registry::ApiKeyInfo& k : keys) {
        nlohmann::json j = {{"id", k.id},
                            {"prefix", k.prefix},
                            {"label", k.label},
                            {"unit", k.unit_code},
                            {"created_at", store::FormatTimestamp(k.created_at)},
                            {"created_by", k.created_by}};
        j["revoked_at"] = k.revoked_at ? nlohmann::json(store::FormatTimestamp(*k.revoked_at))
                                       : nlohmann::json(nullptr);
        if (!list->json) {
          std::cout << k.id << "  " << k.prefix << "…  " << k.unit_code << "  " << k.label
                    << (k.revoked_at ? "  revoked" : "") << "\n";
        }
        doc.push_back(std::move(j));
      }
      if (list->json) PrintJson(doc);
      return OkStatus();
    });
  });

  auto revoke_id = std::make_shared<int64_t>(0);
  CLI::App* revoke_cmd = cmd->add_subcommand("revoke", "Revoke a key at once");
  revoke_cmd->add_option("ID", *revoke_id, "the key's id (alley apikey list)")->required();
  revoke_cmd->callback([&context, revoke_id] {
    Run(context, [&]() -> Status {
      ALLEY_ASSIGN_OR_RETURN(store::Store * store, context.Store());
      ALLEY_RETURN_IF_ERROR(
          registry::RevokeApiKey(*store, *revoke_id, core::kNationCode, CliActor(), Now()));
      std::cout << "key " << *revoke_id << " revoked\n";
      return OkStatus();
    });
  });
}

}  // namespace alley::cli
