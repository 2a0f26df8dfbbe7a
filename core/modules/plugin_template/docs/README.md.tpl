# ${title}

Tài liệu của trình cắm `${name}` / the documentation of the `${name}` plug-in.

## Cho quản trị đơn vị / For unit administrators

- Bật cho đơn vị / enable for a unit: `egov modules enable ${name} --unit <code>`.
- Thiết lập / settings: `page_size` (số dòng mỗi trang / rows per page).
- Vai trò / roles: `${name}_operator` xem và thêm ghi chú / reads and adds notes.

## Cho lập trình viên / For developers

- Public surface: `${package}.services` (`notes`, `add_note`, `purge_notes`) and the hook `${name}.note_added`
  (`${package}.hooks`). Other code imports nothing else from the package.
- GraphQL: `${name}Notes` on the unit endpoint (`${package}.api.schema`).
- Task: `${package}.tasks.purge_old_notes`, nightly in each unit that enabled the plug-in.
