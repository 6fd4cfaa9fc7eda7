import StrictJSON

// Users and sessions read straight from the answer's bytes by the strict reader, as the role
// objects are: required keys must be there, optional ones may be absent or null, other keys are
// checked and skipped, and a known key given twice in one object is refused.

extension UserObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var email: String?
        var name: String??
        var roleNames: [String]??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.read(key, into: &id)
            } else if key == "email" {
                try reader.read(key, into: &email)
            } else if key == "name" {
                try reader.read(key, into: &name)
            } else if key == "roleNames" {
                try reader.read(key, into: &roleNames)
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let email else { throw reader.missingKey("email", objectAt: start) }
        self.init(id: id, email: email, name: name ?? nil, roleNames: roleNames ?? nil)
    }
}

extension SessionObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var userId: String?
        var userEmail: String??
        var status: String?
        var expiresAt: String?
        var resourceIps: [ResourceIPObject]??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.read(key, into: &id)
            } else if key == "userId" {
                try reader.read(key, into: &userId)
            } else if key == "userEmail" {
                try reader.read(key, into: &userEmail)
            } else if key == "status" {
                try reader.read(key, into: &status)
            } else if key == "expiresAt" {
                try reader.read(key, into: &expiresAt)
            } else if key == "resourceIps" {
                try reader.read(key, into: &resourceIps)
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let userId else { throw reader.missingKey("userId", objectAt: start) }
        guard let status else { throw reader.missingKey("status", objectAt: start) }
        guard let expiresAt else { throw reader.missingKey("expiresAt", objectAt: start) }
        self.init(id: id, userId: userId, userEmail: userEmail ?? nil, status: status, expiresAt: expiresAt,
                  resourceIps: resourceIps ?? nil)
    }
}

extension ResourceIPObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var resourceId: String?
        var status: String?
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "resourceId" {
                try reader.read(key, into: &resourceId)
            } else if key == "status" {
                try reader.read(key, into: &status)
            } else {
                try reader.skipValue()
            }
        }
        guard let resourceId else { throw reader.missingKey("resourceId", objectAt: start) }
        guard let status else { throw reader.missingKey("status", objectAt: start) }
        self.init(resourceId: resourceId, status: status)
    }
}
