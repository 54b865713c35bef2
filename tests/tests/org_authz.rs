//! Groups, organizations and resource authorization (issue 15), end to end: a company
//! with two departments and a sub-team, users moved between them, a group, a
//! namespace with resources, grants to a role, a group and a department, permission
//! checks proving inheritance, instance grants, wildcards, revocation, and an
//! organization exported and imported again.

use authing::management::{
    AuthorizeResourceOpt, AuthorizeTarget, AuthorizedResource, AuthorizedTargetsOptions,
    CreateNodeOptions, CreateResourceInput, CreateRoleOptions, CreateUserInput, CreateUserOptions,
    ListMembersOptions, ListOptions, ListResourcesOptions, ManagementClient, OrgImportNode,
    PolicyAssignmentTargetType, ResourceAction, ResourceType, UpdateGroupInput,
    UpdateNamespaceInput, UpdateNodeInput, UpdateResourceInput,
};
use authing_e2e::Target;

async fn user(m: &ManagementClient, prefix: &str) -> String {
    let input = CreateUserInput {
        username: Some(Target::unique(prefix)),
        ..Default::default()
    };
    m.users()
        .create(&input, &CreateUserOptions::default())
        .await
        .unwrap()
        .id
}

/// A namespace with resource `books` (read, edit, delete) and menu `menu_a`.
async fn namespace(m: &ManagementClient) -> (String, i64) {
    let code = Target::unique("ns");
    let ns = m
        .acl()
        .create_namespace(&code, "Books app", Some("issue 15"))
        .await
        .unwrap();
    assert_eq!(ns.code, code);
    let books = CreateResourceInput::new("books", ResourceType::Data).with_actions([
        ResourceAction::new("books:read"),
        ResourceAction::new("books:edit"),
        ResourceAction::new("books:delete"),
    ]);
    m.acl().create_resource(&code, &books).await.unwrap();
    m.acl()
        .create_resource(
            &code,
            &CreateResourceInput::new("menu_a", ResourceType::Menu),
        )
        .await
        .unwrap();
    (code, ns.id)
}

async fn allowed(m: &ManagementClient, user: &str, action: &str, resource: &str, ns: &str) -> bool {
    m.acl()
        .is_allowed(user, action, resource, Some(ns))
        .await
        .unwrap()
}

/// The tree with children sorted by name at every level (the service may order
/// siblings differently from the import).
fn sorted(mut n: OrgImportNode) -> OrgImportNode {
    n.children = n.children.into_iter().map(sorted).collect();
    n.children.sort_by(|a, b| a.name.cmp(&b.name));
    n
}

fn find<'a>(list: &'a [AuthorizedResource], code: &str) -> Option<&'a AuthorizedResource> {
    list.iter().find(|r| r.code == code)
}

fn actions(r: Option<&AuthorizedResource>) -> Vec<String> {
    let mut a = r.and_then(|r| r.actions.clone()).unwrap_or_default();
    a.sort();
    a
}

#[tokio::test]
async fn grants_are_inherited_through_roles_groups_and_departments() {
    let t = Target::start().await;
    let m = t.management();
    let (ns, _) = namespace(&m).await;

    // the company: root, sales, dev, and backend under dev
    let company_code = Target::unique("co");
    let org = m
        .org()
        .create("Feifan Tech", Some(&company_code), None)
        .await
        .unwrap();
    assert_eq!(org.nodes.len(), 1);
    assert_eq!(org.root_node.code.as_deref(), Some(company_code.as_str()));
    let root = org.root_node.id.clone();
    let node = |name: &'static str| CreateNodeOptions {
        code: Some(name.to_lowercase()),
        ..Default::default()
    };
    let sales = m
        .org()
        .create_node(&org.id, &root, "Sales", &node("sales"))
        .await
        .unwrap();
    let dev = m
        .org()
        .create_node(&org.id, &root, "Dev", &node("dev"))
        .await
        .unwrap();
    let backend = m
        .org()
        .create_node(&org.id, &dev.id, "Backend", &node("backend"))
        .await
        .unwrap();
    let tree = m.org().find_by_id(&org.id).await.unwrap().unwrap().tree();
    let dev_tree = tree.find(&dev.id).expect("dev in the tree");
    assert_eq!(dev_tree.children[0].node.id, backend.id);
    assert_eq!(tree.children.len(), 2);

    let (alice, bob, carol, dave, eve) = (
        user(&m, "alice").await,
        user(&m, "bob").await,
        user(&m, "carol").await,
        user(&m, "dave").await,
        user(&m, "eve").await,
    );
    m.org().add_members(&backend.id, [&alice]).await.unwrap();
    m.org().add_members(&sales.id, [&bob]).await.unwrap();
    let group = Target::unique("readers");
    m.groups().create(&group, "Readers", None).await.unwrap();
    m.groups().add_users(&group, [&carol]).await.unwrap();
    let role = Target::unique("editor");
    m.roles()
        .create(
            &role,
            &CreateRoleOptions {
                namespace: Some(ns.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    m.roles()
        .add_users(&role, [&dave], Some(&ns))
        .await
        .unwrap();

    // grants: role edits, group reads, dev (and its sub-team) deletes, sales sees the menu
    let grant = |to: AuthorizeTarget, a: &[&str]| {
        AuthorizeResourceOpt::new(to).with_actions(a.iter().copied())
    };
    m.acl()
        .authorize_resource(
            &ns,
            "books:*",
            &[
                grant(AuthorizeTarget::Role(role.clone()), &["books:edit"]),
                grant(AuthorizeTarget::Group(group.clone()), &["books:read"]),
                grant(AuthorizeTarget::Org(dev.id.clone()), &["books:delete"]),
            ],
        )
        .await
        .unwrap();
    m.acl()
        .authorize_resource(
            &ns,
            "menu_a",
            &[AuthorizeResourceOpt::new(AuthorizeTarget::Org(
                sales.id.clone(),
            ))],
        )
        .await
        .unwrap();

    let rows = [
        (&dave, "books:edit", true),
        (&dave, "books:read", false),
        (&carol, "books:read", true),
        (&carol, "books:edit", false),
        (&alice, "books:delete", true), // backend is under dev
        (&alice, "books:edit", false),
        (&bob, "books:delete", false),
        (&eve, "books:read", false),
    ];
    for (who, action, expected) in rows {
        assert_eq!(
            allowed(&m, who, action, "books:1", &ns).await,
            expected,
            "{action} by {who}"
        );
    }

    // what each holds, as listed
    let of_alice = m
        .users()
        .list_authorized_resources(&alice, Some(&ns), None)
        .await
        .unwrap();
    assert_eq!(actions(find(&of_alice.list, "books:*")), ["books:delete"]);
    assert!(find(&of_alice.list, "menu_a").is_none());
    let of_group = m
        .groups()
        .list_authorized_resources(&group, Some(&ns), None)
        .await
        .unwrap();
    assert_eq!(actions(find(&of_group.list, "books:*")), ["books:read"]);
    let of_role = m
        .roles()
        .list_authorized_resources(&role, Some(&ns), None)
        .await
        .unwrap();
    assert_eq!(actions(find(&of_role.list, "books:*")), ["books:edit"]);
    let of_dev = m
        .org()
        .list_authorized_resources(&dev.id, Some(&ns), None)
        .await
        .unwrap();
    assert_eq!(actions(find(&of_dev.list, "books:*")), ["books:delete"]);
    let of_sales = m
        .org()
        .list_authorized_resources_by_code(&org.id, "sales", Some(&ns), Some(ResourceType::Menu))
        .await
        .unwrap();
    assert!(find(&of_sales.list, "menu_a").is_some());
    let targets = m
        .acl()
        .get_authorized_targets(
            &ns,
            ResourceType::Data,
            "books:*",
            &AuthorizedTargetsOptions::default(),
        )
        .await
        .unwrap();
    let mut who: Vec<_> = targets
        .list
        .iter()
        .map(|t| {
            (
                t.target_type.clone(),
                t.target_identifier.clone().unwrap_or_default(),
            )
        })
        .collect();
    who.sort_by(|a, b| a.1.cmp(&b.1));
    for expected in [
        (Some(PolicyAssignmentTargetType::Role), role.clone()),
        (Some(PolicyAssignmentTargetType::Group), group.clone()),
        (Some(PolicyAssignmentTargetType::Org), dev.id.clone()),
    ] {
        assert!(who.contains(&expected), "{expected:?} in {who:?}");
    }
    let roles_only = m
        .acl()
        .get_authorized_targets(
            &ns,
            ResourceType::Data,
            "books:*",
            &AuthorizedTargetsOptions {
                target_type: Some(PolicyAssignmentTargetType::Role),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(roles_only.list.len(), 1);

    // members, with and without sub-departments; departments of a user
    let direct = m
        .org()
        .list_members(
            &dev.id,
            &ListMembersOptions {
                include_children_nodes: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(direct.list.iter().all(|u| u.id != alice));
    let all = m
        .org()
        .list_members(
            &dev.id,
            &ListMembersOptions {
                include_children_nodes: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(all.list.iter().any(|u| u.id == alice));
    let depts = m.users().list_department(&alice, None).await.unwrap();
    assert_eq!(depts.list.len(), 1);
    assert_eq!(depts.list[0].department.id, backend.id);
    let paths = m.users().list_org(&alice).await.unwrap();
    assert!(
        paths
            .iter()
            .any(|p| p.last().and_then(|n| n.id()) == Some(backend.id.as_str()))
    );

    // alice moves to sales: she loses delete, gains the menu
    m.org()
        .move_members([&alice], &sales.id, &backend.id)
        .await
        .unwrap();
    assert!(!allowed(&m, &alice, "books:delete", "books:1", &ns).await);
    let of_alice = m
        .users()
        .list_authorized_resources(&alice, Some(&ns), None)
        .await
        .unwrap();
    assert!(find(&of_alice.list, "menu_a").is_some());
    assert!(find(&of_alice.list, "books:*").is_none());
    m.org()
        .set_main_department(&alice, Some(&sales.id))
        .await
        .unwrap();
    let depts = m
        .users()
        .list_department(&alice, Some(&org.id))
        .await
        .unwrap();
    assert!(
        depts
            .list
            .iter()
            .any(|d| d.department.id == sales.id && d.is_main_department)
    );

    // carol leaves the group, dave the role
    m.users().remove_group(&carol, &group).await.unwrap();
    assert!(!allowed(&m, &carol, "books:read", "books:1", &ns).await);
    m.roles()
        .remove_users(&role, [&dave], Some(&ns))
        .await
        .unwrap();
    assert!(!allowed(&m, &dave, "books:edit", "books:1", &ns).await);

    // a role granted to a department reaches its members
    m.org()
        .add_roles(&sales.id, [&role], Some(&ns))
        .await
        .unwrap();
    let node_roles = m.org().list_roles(&sales.id, Some(&ns)).await.unwrap();
    assert!(node_roles.list.iter().any(|r| r.code == role));
    assert!(allowed(&m, &bob, "books:edit", "books:1", &ns).await);
    m.org()
        .remove_roles(&sales.id, [&role], Some(&ns))
        .await
        .unwrap();
    assert!(!allowed(&m, &bob, "books:edit", "books:1", &ns).await);
}

#[tokio::test]
async fn instance_grants_wildcards_and_revocation() {
    let t = Target::start().await;
    let m = t.management();
    let (ns, _) = namespace(&m).await;
    let (u, v) = (user(&m, "inst").await, user(&m, "other").await);
    let group = Target::unique("g");
    m.groups().create(&group, "G", None).await.unwrap();
    m.users().add_group(&v, &group).await.unwrap();

    let to_u = |a: &[&str]| {
        [AuthorizeResourceOpt::new(AuthorizeTarget::User(u.clone()))
            .with_actions(a.iter().copied())]
    };
    m.acl()
        .authorize_resource(&ns, "books:1", &to_u(&["books:read"]))
        .await
        .unwrap();
    m.acl()
        .authorize_resource(&ns, "books:2", &to_u(&["books:edit"]))
        .await
        .unwrap();
    m.acl()
        .authorize_resource(&ns, "orders:2", &to_u(&["orders:read"]))
        .await
        .unwrap();
    m.acl()
        .authorize_resource(
            &ns,
            "books:1",
            &[
                AuthorizeResourceOpt::new(AuthorizeTarget::Group(group.clone()))
                    .with_actions(["books:read"]),
            ],
        )
        .await
        .unwrap();

    // instance grants: books:1 only, not books:3 nor the whole class
    assert!(allowed(&m, &u, "books:read", "books:1", &ns).await);
    assert!(!allowed(&m, &u, "books:read", "books:3", &ns).await);
    assert!(!allowed(&m, &u, "books:read", "books:*", &ns).await);
    assert!(
        !m.acl()
            .is_denied(&u, "books:read", "books:3", Some(&ns))
            .await
            .unwrap()
    );
    let batch = m
        .users()
        .check_resource_permission_batch(&u, &ns, ["books:1", "books:3", "books:*"])
        .await
        .unwrap();
    let codes: Vec<_> = batch.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["books:1"]);
    assert_eq!(batch[0].actions, ["books:read"]);
    let mut kind: Vec<_> = m
        .users()
        .list_authorized_resources_of_resource_kind(&u, &ns, "books")
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .collect();
    kind.sort();
    assert_eq!(kind, ["books:1", "books:2"]);

    // a wildcard grant covers every instance
    m.acl()
        .authorize_resource(&ns, "books:*", &to_u(&["books:delete"]))
        .await
        .unwrap();
    assert!(allowed(&m, &u, "books:delete", "books:42", &ns).await);
    let batch = m
        .users()
        .check_resource_permission_batch(&u, &ns, ["books:42", "books:*"])
        .await
        .unwrap();
    let codes: Vec<_> = batch.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["books:42", "books:*"]);

    // revoking books:1 from u leaves the group's grant in place
    m.acl()
        .revoke_resource(&ns, "books:1", &[AuthorizeTarget::User(u.clone())])
        .await
        .unwrap();
    assert!(!allowed(&m, &u, "books:read", "books:1", &ns).await);
    assert!(allowed(&m, &v, "books:read", "books:1", &ns).await);
    let of_group = m
        .acl()
        .list_authorized_resources(&ns, &AuthorizeTarget::Group(group.clone()), None)
        .await
        .unwrap();
    assert!(find(&of_group.list, "books:1").is_some());
    // revoking the class removes the instance grants too
    m.acl()
        .revoke_resource(&ns, "books", &[AuthorizeTarget::User(u.clone())])
        .await
        .unwrap();
    assert!(!allowed(&m, &u, "books:edit", "books:2", &ns).await);
    assert!(allowed(&m, &u, "orders:read", "orders:2", &ns).await);

    // grants stay in their namespace
    assert!(!allowed(&m, &u, "orders:read", "orders:2", "default").await);
}

#[tokio::test]
async fn namespaces_and_resources() {
    let t = Target::start().await;
    let m = t.management();
    let (ns, id) = namespace(&m).await;
    let listed = m
        .acl()
        .list_namespaces(&ListOptions::new(1, 100))
        .await
        .unwrap();
    assert!(listed.list.iter().any(|n| n.code == ns));
    let renamed = m
        .acl()
        .update_namespace(
            id,
            &UpdateNamespaceInput {
                name: Some("Library".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Library");

    let books = m
        .acl()
        .get_resource_by_code(&ns, "books")
        .await
        .unwrap()
        .expect("books");
    assert_eq!(books.actions.len(), 3);
    let same = m
        .acl()
        .get_resource_by_id(&books.id)
        .await
        .unwrap()
        .expect("by id");
    assert_eq!(same.code, "books");
    let menus = m
        .acl()
        .list_resources(
            &ns,
            &ListResourcesOptions {
                resource_type: Some(ResourceType::Menu),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        menus
            .list
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>(),
        ["menu_a"]
    );
    let updated = m
        .acl()
        .update_resource(
            &ns,
            "books",
            &UpdateResourceInput {
                description: Some("all books".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("all books"));
    m.acl().delete_resource(&ns, "menu_a").await.unwrap();
    assert!(
        m.acl()
            .get_resource_by_code(&ns, "menu_a")
            .await
            .unwrap()
            .is_none()
    );

    m.acl().delete_namespace(id).await.unwrap();
    t.assert_code(m.acl().delete_namespace(id).await, 3003);
    t.assert_code(
        m.acl()
            .update_namespace(id, &UpdateNamespaceInput::default())
            .await,
        3005,
    );
}

#[tokio::test]
async fn groups_lifecycle() {
    let t = Target::start().await;
    let m = t.management();
    let code = Target::unique("grp");
    let g = m
        .groups()
        .create(&code, "Readers", Some("may read"))
        .await
        .unwrap();
    assert_eq!(
        (g.code.as_str(), g.description.as_deref()),
        (code.as_str(), Some("may read"))
    );
    assert_eq!(
        m.groups().detail(&code).await.unwrap().unwrap().name,
        "Readers"
    );
    let u = user(&m, "member").await;
    m.groups().add_users(&code, [&u]).await.unwrap();
    assert_eq!(
        m.groups()
            .list_users(&code, &ListOptions::default())
            .await
            .unwrap()
            .list[0]
            .id,
        u
    );
    assert!(
        m.users()
            .list_groups(&u)
            .await
            .unwrap()
            .list
            .iter()
            .any(|g| g.code == code)
    );
    assert!(m.groups().add_users(&code, ["no-such-user"]).await.is_err());

    let renamed = Target::unique("grp");
    m.groups()
        .update(
            &code,
            &UpdateGroupInput {
                new_code: Some(renamed.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(m.groups().detail(&code).await.unwrap().is_none());
    m.groups().remove_users(&renamed, [&u]).await.unwrap();
    assert_eq!(
        m.groups()
            .list_users(&renamed, &ListOptions::default())
            .await
            .unwrap()
            .total_count,
        0
    );
    assert!(
        m.groups()
            .list(&ListOptions::new(1, 100))
            .await
            .unwrap()
            .list
            .iter()
            .any(|g| g.code == renamed)
    );
    m.groups().delete(&renamed).await.unwrap();
    assert!(m.groups().detail(&renamed).await.unwrap().is_none());
    assert!(
        m.groups().delete(&renamed).await.is_err(),
        "deleting an unknown group fails"
    );
}

#[tokio::test]
async fn org_nodes_lifecycle() {
    let t = Target::start().await;
    let m = t.management();
    let org = m
        .org()
        .create("Nodes Inc", Some(&Target::unique("n")), None)
        .await
        .unwrap();
    let root = org.root_node.id.clone();
    assert!(m.org().is_root_node(&org.id, &root).await.unwrap());
    assert_eq!(m.org().root_node(&org.id).await.unwrap().id, root);
    let a = m
        .org()
        .create_node(&org.id, &root, "Alpha", &CreateNodeOptions::default())
        .await
        .unwrap();
    let b = m
        .org()
        .create_node(&org.id, &root, "Beta", &CreateNodeOptions::default())
        .await
        .unwrap();
    let a1 = m
        .org()
        .create_node(&org.id, &a.id, "Alpha One", &CreateNodeOptions::default())
        .await
        .unwrap();
    assert!(!m.org().is_root_node(&org.id, &a.id).await.unwrap());
    assert_eq!(a1.path, [root.clone(), a.id.clone(), a1.id.clone()]);
    let kids: Vec<_> = m
        .org()
        .list_children(&root)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.id)
        .collect();
    assert!(kids.contains(&a.id) && kids.contains(&b.id));
    let renamed = m
        .org()
        .update_node(
            &b.id,
            &UpdateNodeInput {
                name: Some("Bravo".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Bravo");
    assert_eq!(
        m.org().get_node_by_id(&b.id).await.unwrap().unwrap().name,
        "Bravo"
    );
    assert!(
        m.org()
            .search_nodes("Bravo")
            .await
            .unwrap()
            .iter()
            .any(|n| n.id == b.id)
    );

    let moved = m.org().move_node(&org.id, &a1.id, &b.id).await.unwrap();
    assert_eq!(moved.tree().find(&b.id).unwrap().children[0].node.id, a1.id);
    m.org().delete_node(&org.id, &b.id).await.unwrap();
    assert!(
        m.org().get_node_by_id(&a1.id).await.unwrap().is_none(),
        "children go with their parent"
    );
    let listed = m.org().list(&ListOptions::new(1, 100)).await.unwrap();
    assert!(listed.list.iter().any(|o| o.id == org.id));
    m.org().delete_by_id(&org.id).await.unwrap();
    assert!(m.org().get_node_by_id(&a.id).await.unwrap().is_none());
}

#[tokio::test]
async fn an_exported_org_imports_again_equal() {
    let t = Target::start().await;
    let m = t.management();
    let code = Target::unique("exp");
    let org = m
        .org()
        .create("Export Co", Some(&code), Some("to export"))
        .await
        .unwrap();
    let root = org.root_node.id.clone();
    let opts = |c: &str| CreateNodeOptions {
        code: Some(c.into()),
        ..Default::default()
    };
    let dev = m
        .org()
        .create_node(&org.id, &root, "Dev", &opts("dev"))
        .await
        .unwrap();
    m.org()
        .create_node(&org.id, &dev.id, "Backend", &opts("backend"))
        .await
        .unwrap();
    m.org()
        .create_node(&org.id, &root, "Sales", &opts("sales"))
        .await
        .unwrap();
    let member = user(&m, "exported").await;
    m.org().add_members(&dev.id, [&member]).await.unwrap();

    let exported = m.org().export_by_org_id(&org.id).await.unwrap();
    assert_eq!(exported.name, "Export Co");
    let dev_export = exported
        .children
        .iter()
        .find(|c| c.name == "Dev")
        .expect("dev exported");
    assert!(dev_export.members.iter().any(|u| u.id == member));
    let mut tree = OrgImportNode::from(&exported);
    let copy_code = Target::unique("imp");
    tree.code = Some(copy_code.clone());
    m.org().import_by_json(&tree).await.unwrap();

    let all = m.org().export_all().await.unwrap();
    let copy = all
        .iter()
        .find(|o| o.code.as_deref() == Some(copy_code.as_str()))
        .expect("the imported organization is exported too");
    assert_eq!(sorted(OrgImportNode::from(copy)), sorted(tree.clone()));
    let original = all
        .iter()
        .find(|o| o.code.as_deref() == Some(code.as_str()))
        .expect("original");
    let mut original = OrgImportNode::from(original);
    original.code = Some(copy_code);
    assert_eq!(sorted(original), sorted(tree));
}
