from tests.conftest import login


def test_admin_signs_in_and_sees_users(client, users):
    login(client, users["admin"])
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Users" in html and "Audit log" in html
    assert client.get("/admin/users").status_code == 200
    assert client.get("/admin/audit").status_code == 200
    assert client.get("/account").status_code == 200
