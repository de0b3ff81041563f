"""What each audit action means, in Vietnamese: the one list the report's history page and the
admin's log read from. An action missing here is shown by its code, so a new verb is never hidden."""

ACTION_LABELS = {
    # A unit's report (cchc.reporting.actions, the web pages, `cchc import`, the API).
    "save": "Lưu bản nháp",
    "prefill": "Điền sẵn số liệu",
    "upload": "Tải lên tệp số liệu",
    "import": "Nhập số liệu từ tệp",
    "receive": "Phòng Nội vụ nhập thay báo cáo nhận qua văn bản",
    "submit": "Ký ban hành, gửi báo cáo",
    "return": "Trả lại báo cáo",
    "accept": "Tiếp nhận báo cáo",
    "sign_pdf": "Ký số: tải lên bản PDF đã ký số",
    "sign_pdf_consolidated": "Ký số báo cáo tổng hợp",
    # The town's consolidated report and the deadline reminders.
    "consolidated_narrative_save": "Lưu nội dung báo cáo tổng hợp",
    "consolidated_narrative_discard": "Bỏ nội dung báo cáo tổng hợp đã sửa",
    "remind": "Gửi thư nhắc hạn báo cáo",
    # The year's plans (CCHC, communication, other) and the register of tasks assigned by the superior.
    "plan.create": "Tạo kế hoạch",
    "plan.title": "Đổi tên, số hiệu kế hoạch",
    "plan.import": "Nhập kế hoạch từ tệp",
    "plan.progress": "Cập nhật tiến độ nhiệm vụ",
    "plan.task.add": "Thêm nhiệm vụ kế hoạch",
    "plan.task.edit": "Sửa nhiệm vụ kế hoạch",
    "plan.task.delete": "Xóa nhiệm vụ kế hoạch",
    "tasks.import": "Nhập sổ theo dõi nhiệm vụ cấp trên giao",
    "tasks.add": "Thêm nhiệm vụ cấp trên giao",
    "tasks.edit": "Sửa nhiệm vụ cấp trên giao",
    "tasks.done": "Ghi ngày hoàn thành nhiệm vụ cấp trên giao",
    "tasks.delete": "Xóa nhiệm vụ cấp trên giao",
    # The locality's words and a new installation.
    "locality.import": "Nhập thông tin địa phương",
    "locality.init": "Khởi tạo thông tin địa phương",
    # The forms of the years and their periods.
    "form.import": "Nhập biểu mẫu từ tệp",
    "form.copy": "Sao chép biểu mẫu năm trước",
    "form.edit": "Sửa biểu mẫu",
    "form.publish": "Công bố biểu mẫu",
    "periods.create": "Lập các kỳ báo cáo của năm",
    "period.edit": "Sửa thời gian chốt số liệu, hạn nộp của kỳ báo cáo",
    # Units, accounts, the admin.
    "user.add": "Thêm tài khoản",
    "units.import": "Nhập danh sách đơn vị",
    "password.change": "Đổi mật khẩu",
    "api.token": "Cấp mã truy cập API",
    "admin.add": "Thêm (trang quản trị)",
    "admin.change": "Sửa (trang quản trị)",
    "admin.delete": "Xóa (trang quản trị)",
    "admin.membership": "Đổi đơn vị, vai trò của tài khoản (trang quản trị)",
}

OBJECT_LABELS = {
    "Report": "Báo cáo",
    "Period": "Kỳ báo cáo",
    "OrgUnit": "Đơn vị",
    "Membership": "Đơn vị, vai trò",
    "User": "Tài khoản",
    "Plan": "Kế hoạch",
    "PlanTask": "Nhiệm vụ kế hoạch",
    "TaskProgress": "Tiến độ nhiệm vụ",
    "AssignedTask": "Nhiệm vụ cấp trên giao",
    "ReportForm": "Biểu mẫu",
    "Indicator": "Chỉ tiêu",
    "ValidationRule": "Quy tắc kiểm tra",
    "Token": "Mã truy cập API",
    "ConsolidatedReport": "Báo cáo tổng hợp",
    "ReminderLog": "Thư nhắc hạn",
    "SignedPdf": "Bản PDF đã ký số",
    "Locality": "Địa phương",
}


def action_label(action):
    """The Vietnamese name of an audit action; an unknown one is shown as its code."""
    return ACTION_LABELS.get(action, action)


def object_label(object_type):
    return OBJECT_LABELS.get(object_type, object_type)
